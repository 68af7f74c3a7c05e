#version 330 core
#include "common.glsl"
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec3 a_color;
layout(location = 3) in float a_material;
uniform mat4 u_model;  // model to eye-relative world
uniform vec4 u_object_fog;  // fog for a small object as a whole (rgb, T); T < 0: per vertex
out vec3 v_pos;
out vec3 v_normal;
out vec3 v_color;
out float v_material;
out vec4 v_fog;  // in-scattered colour, transmittance
void main() {
    vec4 p = u_model * vec4(a_position, 1.0);
    v_pos = p.xyz;
    v_normal = mat3(u_model) * a_normal;
    v_color = a_color;
    v_material = a_material;
    if (u_object_fog.a >= 0.0) {
        v_fog = u_object_fog;
    } else {
        float T;
        vec3 f = fog_at(p.xyz, T);
        v_fog = vec4(f, T);
    }
    gl_Position = u_view_proj * p;
}
