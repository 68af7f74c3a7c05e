#version 330 core
#include "common.glsl"
// A plume as a flared cone: a_param = (t along 0..1, angle around).
layout(location = 0) in vec2 a_param;
uniform vec3 u_origin;  // eye-relative nozzle exit
uniform vec3 u_axis;    // exhaust direction
uniform vec3 u_side;
uniform vec3 u_side2;
uniform vec4 u_shape;   // length, exit radius, end radius, brightness
out float v_t;
out vec3 v_pos;
out vec3 v_radial;
out float v_transmit;
out float v_axial;
void main() {
    float t = a_param.x;
    float r = mix(u_shape.y, u_shape.z, pow(t, 0.55));
    vec3 radial = cos(a_param.y) * u_side + sin(a_param.y) * u_side2;
    vec3 p = u_origin + u_axis * (t * u_shape.x) + radial * r;
    v_t = t;
    v_pos = p;
    v_radial = radial;
    v_transmit = fog_transmittance(p);
    v_axial = exp(-3.2 * t) * smoothstep(0.0, 0.03, t) * (1.0 - t);
    gl_Position = u_view_proj * vec4(p, 1.0);
}
