#version 330 core
#include "common.glsl"
in vec3 v_dir;
in vec3 v_color;
in float v_clear;
out vec4 frag_color;

float hash(vec3 p) {
    p = fract(p * 0.3183099 + vec3(0.1, 0.2, 0.3));
    p *= 17.0;
    return fract(p.x * p.y * p.z * (p.x + p.y + p.z));
}

void main() {
    vec3 dir = normalize(v_dir);
    vec3 c = v_color;
    float e = dot(dir, u_up.xyz);
    float s = max(dot(dir, u_sun_dir.xyz), 0.0);
    float above = step(-0.002, e);
    float halo = pow32(s);
    c += above * min(u_sun_color.rgb, vec3(1.0)) * u_sun_dir.w * v_clear *
         (step(0.99996, s) + halo * halo * 0.25);
    if (u_misc.z > 0.0) {
        float star = step(0.997, hash(floor(dir * 400.0)));
        c += vec3(star * u_misc.z * 0.8 * v_clear * v_clear) * smoothstep(0.0, 0.15, e);
    }
    frag_color = vec4(min(c, vec3(1.0)), 1.0);
}
