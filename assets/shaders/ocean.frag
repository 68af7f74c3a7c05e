#version 330 core
#include "common.glsl"
in vec3 v_pos;
in vec3 v_normal;
in vec3 v_color;
in vec4 v_fog;
out vec4 frag_color;
void main() {
    vec3 c = v_color;
    if (u_sun_dir.w > 0.0) {  // the sun's glint (per pixel: it is sharp)
        vec3 r = reflect(v_pos * inversesqrt(dot(v_pos, v_pos)), v_normal);
        float g = pow32(pow32(max(dot(r, u_sun_dir.xyz), 0.0)));
        c += u_sun_color.rgb * g * 3.0;
    }
    frag_color = vec4(to_display(mix(v_fog.rgb, c, v_fog.a)), 1.0);
}
