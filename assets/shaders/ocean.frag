#version 330 core
#include "common.glsl"
in vec3 v_reflect;
in vec3 v_color;
in float v_transmit;
out vec4 frag_color;
void main() {
    vec3 c = v_color;
    if (u_sun_dir.w > 0.0) {  // the sun's glint (sharp, so per pixel)
        float g = pow32(pow32(max(dot(v_reflect, u_sun_dir.xyz), 0.0)));
        c = min(c + u_sun_color.rgb * (g * v_transmit), vec3(1.0));
    }
    frag_color = vec4(c, 1.0);
}
