#version 330 core
#include "common.glsl"
in vec3 v_color;
in vec2 v_glint;  // cosine between the reflected view ray and the sun; glint transmittance
out vec4 frag_color;
void main() {
    vec3 c = v_color;
    if (u_sun_dir.w > 0.0) {  // the sun's glint (sharp, so per pixel)
        float g = pow32(pow32(max(v_glint.x, 0.0)));
        c = min(c + u_sun_color.rgb * (g * v_glint.y), vec3(1.0));
    }
    frag_color = vec4(c, 1.0);
}
