// Shared by every Hoverslam shader: the per-frame uniform block, fog, light and sky.
// Positions are eye-relative world-frame metres (camera-relative rendering); colours are
// linear RGB, converted to the display's gamma at the end of each fragment shader.

layout(std140) uniform Frame {
    mat4 u_view_proj;
    mat4 u_view;        // rotation only (positions are eye-relative)
    vec4 u_cam_right;   // w: tan(half the horizontal field of view)
    vec4 u_cam_up;      // w: tan(half the vertical field of view)
    vec4 u_up;          // local vertical at the eye; w: eye altitude above the sea (m)
    vec4 u_sun_dir;     // toward the sun or moon; w: 1 when above the horizon
    vec4 u_sun_color;
    vec4 u_sky_zenith;  // w: angular width of the bright band over the horizon (rad)
    vec4 u_sky_horizon;
    vec4 u_ambient;     // rgb; w: lamp level (deck and navigation lights), 0..1
    vec4 u_fog_color;
    vec4 u_fog;         // sigma at sea level, clear-air sigma (1/m), scale height (m), Earth radius (m)
    vec4 u_misc;        // time (s), sea level (m), stars 0..1, exposure
    vec4 u_haze;        // x: clear-air haze scale height (m)
    vec4 u_light_pos[8];    // eye-relative position (m)
    vec4 u_light_color[8];  // linear RGB times intensity (falls off as 1/d^2)
    vec4 u_counts;          // x: lights in use
};

float altitude_of(vec3 p) {
    float v = dot(p, u_up.xyz);
    vec3 h = p - v * u_up.xyz;
    return u_up.w + v + dot(h, h) / (2.0 * u_fog.w);
}

// Length-weighted integral of exp(-z / H) along a straight path of length d from altitude a to b.
float layer(float d, float a, float b, float H) {
    if (abs(b - a) < 0.01 * H) return d * exp(-0.5 * (a + b) / H);
    return d * H * (exp(-a / H) - exp(-b / H)) / (b - a);
}

// Transmittance from the eye to p: game.sim.weather's fog layer (scale height u_fog.z) over a
// clear-air haze that thins with height (scale height u_haze.x), both exact at sea level.
float fog_transmittance(vec3 p) {
    float d = length(p);
    float a = max(u_up.w, 0.0);
    float b = max(altitude_of(p), 0.0);
    float tau = u_fog.y * layer(d, a, b, u_haze.x) + (u_fog.x - u_fog.y) * layer(d, a, b, u_fog.z);
    return exp(-tau);
}

// Colour of the fog along the ray toward p: the level's fog colour, brightened toward the sun,
// plus the glow of the first two point lights (plume, fire) scattered along the ray.
vec3 fog_light(vec3 p, float sigma) {
    float d = length(p);
    vec3 dir = p / max(d, 1e-4);
    vec3 col = u_fog_color.rgb;
    col += u_sun_color.rgb * u_sun_dir.w * 0.12 * pow(max(dot(dir, u_sun_dir.xyz), 0.0), 8.0);
    int n = int(min(u_counts.x, 2.0));
    for (int i = 0; i < n; ++i) {
        vec3 l = u_light_pos[i].xyz;
        float t0 = dot(l, dir);
        float h = max(length(l - t0 * dir), 1.0);
        float along = atan((d - t0) / h) - atan(-t0 / h);
        col += u_light_color[i].rgb * sigma * along / h * 0.02;
    }
    return col;
}

// Fog seen from the eye toward p: returns the in-scattered colour, sets T (transmittance).
// Shaders evaluate this per vertex (the expensive part) and mix per fragment.
vec3 fog_at(vec3 p, out float T) {
    T = fog_transmittance(p);
    float sigma = mix(u_fog.y, u_fog.x, exp(-max(u_up.w, 0.0) / u_fog.z));
    return fog_light(p, sigma);
}

vec3 apply_fog(vec3 color, vec3 p) {
    float T;
    vec3 f = fog_at(p, T);
    return mix(f, color, T);
}

float pow32(float x) { x *= x; x *= x; x *= x; x *= x; return x * x; }

// Sky gradient in a direction (no sun disc), for the sky and for reflections on the sea.
vec3 sky_gradient(vec3 dir) {
    float e = dot(dir, u_up.xyz) + sqrt(2.0 * max(u_up.w, 1.0) / u_fog.w);  // from the horizon
    float k = 1.0 - exp(-max(e, 0.0) / u_sky_zenith.w);
    return mix(u_sky_horizon.rgb, u_sky_zenith.rgb, k);
}

// Diffuse and a little specular light on a surface at eye-relative p with normal n.
vec3 shade(vec3 albedo, vec3 n, vec3 p, float shininess) {
    vec3 v = normalize(-p);
    float hemi = 0.65 + 0.35 * dot(n, u_up.xyz);
    vec3 c = albedo * u_ambient.rgb * hemi;
    float ndl = max(dot(n, u_sun_dir.xyz), 0.0);
    vec3 hv = normalize(u_sun_dir.xyz + v);
    c += u_sun_color.rgb * u_sun_dir.w * (albedo * ndl
         + shininess * pow32(max(dot(n, hv), 0.0)) * step(0.0, ndl));
    int count = int(u_counts.x);
    for (int i = 0; i < count; ++i) {
        vec3 l = u_light_pos[i].xyz - p;
        float d2 = max(dot(l, l), 4.0);
        vec3 ld = l * inversesqrt(d2);
        c += u_light_color[i].rgb * (albedo * max(dot(n, ld), 0.0)) / d2;
    }
    return c;
}

vec3 to_display(vec3 linear_rgb) {
    vec3 c = linear_rgb * u_misc.w;
    c = c / (1.0 + 0.15 * max(max(c.r, c.g), c.b));  // gentle shoulder for bright light
    return sqrt(clamp(c, 0.0, 1.0));  // display gamma 2 (cheaper than pow on a software rasteriser)
}
