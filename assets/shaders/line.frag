#version 330 core
#include "common.glsl"
in float v_transmit;
uniform vec4 u_color;
out vec4 frag_color;
void main() {
    float t = mix(0.35, 1.0, v_transmit);
    frag_color = vec4(sqrt(u_color.rgb), u_color.a * t);
}
