#version 330 core
#include "common.glsl"
// The sea: a radial grid (u, v, spacing) around the point below the eye, displaced by the
// ship's wave components (amplitude a, wave vector k, phase at the grid centre). Lighting,
// fog and the display curve are evaluated here, per vertex (the grid is dense where the eye
// is); the fragment shader adds only the sun's glint. The glint needs the cosine between the
// reflected view ray and the sun per pixel; that cosine is linear in the ray, so
// interpolating it is interpolating the ray, and one number travels instead of three.
layout(location = 0) in vec3 a_grid;
uniform vec3 u_centre;  // eye-relative grid centre on the sea (m)
uniform vec3 u_east;
uniform vec3 u_north;
uniform float u_scale;
uniform vec4 u_waves[16];  // k_east, k_north, amplitude (m), phase at the centre (rad),
                           // longest waves first
uniform int u_wave_count;
out vec3 v_color;  // display colour, fogged
out vec2 v_glint;  // (reflected view ray . sun, fog transmittance faded with distance)

const vec3 DEEP = vec3(0.006, 0.03, 0.045);

vec3 water_color(vec3 p, vec3 n) {
    vec3 v = normalize(-p);
    float cosv = max(dot(n, v), 0.0);
    float m = 1.0 - cosv;
    float fresnel = 0.02 + 0.98 * m * m * m * m * m;
    vec3 r = reflect(-v, n);
    vec3 c = mix(shade(DEEP, n, p, 0.0), sky_gradient(r), fresnel);
    int count = int(u_counts.x);
    for (int i = 0; i < count; ++i) {  // reflections of the plume, fire and lamps
        vec3 l = u_light_pos[i].xyz - p;
        float d2 = max(dot(l, l), 4.0);
        float s = pow32(max(dot(r, l * inversesqrt(d2)), 0.0));
        c += u_light_color[i].rgb * s * fresnel * 4.0 / d2;
    }
    return c;
}

void main() {
    vec2 uv = a_grid.xy * u_scale;
    float spacing = a_grid.z * u_scale;
    float eta = 0.0;
    vec2 slope = vec2(0.0);
    for (int i = 0; i < u_wave_count; ++i) {
        vec4 w = u_waves[i];
        float k = length(w.xy);
        // fade a wave out where the grid is too coarse to carry it (wavelength 4 to 2.5 cells);
        // the waves that follow are shorter still
        float keep = 1.0 - smoothstep(0.25, 0.4, spacing * k / 6.2831853);
        if (keep <= 0.0) break;
        float ph = w.w - dot(w.xy, uv);
        eta += keep * w.z * cos(ph);
        slope += keep * w.z * sin(ph) * w.xy;  // d eta / d(u, v)
    }
    float r2 = dot(uv, uv);
    vec3 up = cross(u_east, u_north);
    vec3 p = u_centre + uv.x * u_east + uv.y * u_north + (eta - r2 / (2.0 * u_fog.w)) * up;
    vec2 curve = uv / u_fog.w;
    vec3 n = normalize(up - (slope.x - curve.x) * u_east - (slope.y - curve.y) * u_north);
    float sun_cos = dot(reflect(normalize(p), n), u_sun_dir.xyz);
    float T;
    vec3 f = fog_at(p, T);
    v_color = to_display(mix(f, water_color(p, n), T));
    // the glint fades with distance, where the grid's big cells would draw it as blocks
    v_glint = vec2(sun_cos, T * (1.0 - smoothstep(300.0, 2500.0, length(p))));
    gl_Position = u_view_proj * vec4(p, 1.0);
}
