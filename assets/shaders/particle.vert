#version 330 core
#include "common.glsl"
// Camera-facing billboards, one instance per particle.
layout(location = 0) in vec2 a_corner;
layout(location = 1) in vec4 a_pos_size;  // eye-relative centre (m), size (m)
layout(location = 2) in vec4 a_color;
out vec2 v_corner;
out vec4 v_color;
out vec3 v_pos;
out vec4 v_fog;
void main() {
    vec3 p = a_pos_size.xyz + (u_cam_right.xyz * a_corner.x + u_cam_up.xyz * a_corner.y) * (0.5 * a_pos_size.w);
    v_corner = a_corner;
    v_color = a_color;
    v_pos = a_pos_size.xyz;
    float T;
    vec3 f = fog_at(a_pos_size.xyz, T);
    v_fog = vec4(f, T);
    gl_Position = u_view_proj * vec4(p, 1.0);
}
