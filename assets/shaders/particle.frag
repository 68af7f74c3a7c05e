#version 330 core
#include "common.glsl"
in vec2 v_corner;
in vec4 v_color;
in vec3 v_pos;
in vec4 v_fog;
uniform int u_additive;  // 1: fire and sparks (emit light), 0: smoke, steam, spray (lit)
out vec4 frag_color;
void main() {
    float r2 = dot(v_corner, v_corner);
    if (r2 > 1.0) discard;
    float a = v_color.a * (1.0 - r2) * (1.0 - r2);
    if (u_additive == 1) {
        // light adds up: add it without the display curve, which would swell faint layers
        frag_color = vec4(v_color.rgb * a * 0.7 * v_fog.a * u_misc.w, 1.0);
    } else {
        vec3 n = normalize(-v_pos);
        vec3 c = shade(v_color.rgb, n, v_pos, 0.0) + v_color.rgb * u_ambient.rgb * 0.5;
        frag_color = vec4(to_display(mix(v_fog.rgb, c, v_fog.a)), a);
    }
}
