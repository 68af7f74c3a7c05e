#version 330 core
#include "common.glsl"
in vec3 v_pos;
in vec3 v_normal;
in vec3 v_color;
in float v_material;
in vec4 v_fog;
uniform float u_glow;  // engine glow (throttle) for nozzle interiors
out vec4 frag_color;
void main() {
    vec3 n = normalize(v_normal);
    if (!gl_FrontFacing) n = -n;
    vec3 c = shade(v_color, n, v_pos, 0.12);
    if (v_material > 0.0) c += v_color * v_material * u_ambient.w;
    if (v_material < 0.0) c += v_color * (-v_material) * u_glow * 4.0;
    frag_color = vec4(to_display(mix(v_fog.rgb, c, v_fog.a)), 1.0);
}
