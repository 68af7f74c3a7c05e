#version 330 core
#include "common.glsl"
layout(location = 0) in vec3 a_position;  // eye-relative
out float v_transmit;
void main() {
    v_transmit = fog_transmittance(a_position);
    gl_Position = u_view_proj * vec4(a_position, 1.0);
}
