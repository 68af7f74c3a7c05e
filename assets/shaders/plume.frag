#version 330 core
#include "common.glsl"
in float v_t;
in vec3 v_pos;
in vec3 v_radial;
in float v_transmit;
in float v_axial;
uniform vec4 u_shape;   // length, exit radius, end radius, brightness
uniform vec4 u_style;   // shock diamonds 0..1, flicker phase, unused, unused
out vec4 frag_color;
void main() {
    vec3 v = normalize(-v_pos);
    float facing = abs(dot(normalize(v_radial), v));
    float core = facing * sqrt(facing);
    float t = v_t;
    float axial = v_axial;
    float k = cos(t * 3.14159 * 7.0);
    k *= k;
    float diamonds = 1.0 + u_style.x * 0.6 * k * k * k * (1.0 - t);
    float flicker = 0.85 + 0.15 * sin(u_misc.x * 61.0 + u_style.y + t * 23.0);
    vec3 hot = mix(vec3(1.0, 0.93, 0.75), vec3(1.0, 0.5, 0.15), smoothstep(0.0, 0.5, t));
    float b = u_shape.w * core * axial * diamonds * flicker;
    // light adds up: add it without the display curve, which would swell faint layers
    frag_color = vec4(hot * b * 1.6 * v_transmit * u_misc.w, 1.0);
}
