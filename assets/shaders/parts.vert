#version 330 core
#include "common.glsl"
// A model of rigid parts (game.render.batch): each vertex is placed by its part's 3x4
// matrix (three rows in u_parts), then by the model matrix; as lit.vert otherwise.
#define MAX_PARTS 32
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec3 a_color;
layout(location = 3) in float a_material;
layout(location = 4) in float a_part;
uniform mat4 u_model;  // model to eye-relative world
uniform vec4 u_parts[3 * MAX_PARTS];  // per part: the rows of its 3x4 matrix (model frame)
uniform float u_part_glow[MAX_PARTS];  // per part: 0 keeps a glowing material dark
uniform vec4 u_object_fog;  // fog for the model as a whole (rgb, T)
out vec3 v_pos;
out vec3 v_normal;
out vec3 v_color;
out float v_material;
out vec4 v_fog;
void main() {
    int k = int(a_part + 0.5);
    vec4 r0 = u_parts[3 * k], r1 = u_parts[3 * k + 1], r2 = u_parts[3 * k + 2];
    vec4 q = vec4(a_position, 1.0);
    vec4 p = u_model * vec4(dot(r0, q), dot(r1, q), dot(r2, q), 1.0);
    vec3 n = vec3(dot(r0.xyz, a_normal), dot(r1.xyz, a_normal), dot(r2.xyz, a_normal));
    v_pos = p.xyz;
    v_normal = mat3(u_model) * n;
    v_color = a_color;
    v_material = a_material < 0.0 ? a_material * u_part_glow[k] : a_material;
    v_fog = u_object_fog;
    gl_Position = u_view_proj * p;
}
