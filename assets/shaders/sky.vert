#version 330 core
#include "common.glsl"
// The sky dome (and the distant sea below the horizon) around the eye, at the far plane.
// a_param: (side: +1 sky / -1 sea, fraction 0..1 from the horizon, azimuth rad). Rows crowd
// at the horizon, which dips below level by acos(R / (R + h)) seen from height h. Colour and
// haze (and the display curve) are computed per vertex; the fragment shader adds the sun
// and the stars.
layout(location = 0) in vec3 a_param;
out vec3 v_dir;
out vec3 v_color;
out float v_clear;  // transmittance toward space (for the stars)

vec3 sky_dir(float elevation, float azimuth) {
    vec3 up = u_up.xyz;
    vec3 east = vec3(1.0, 0.0, 0.0) - up.x * up;  // world x in the local tangent plane
    east = length(east) > 1e-6 ? normalize(east) : vec3(0.0, 1.0, 0.0);
    vec3 north = cross(up, east);
    float ce = cos(elevation);
    return ce * cos(azimuth) * east + ce * sin(azimuth) * north + sin(elevation) * up;
}

void main() {
    float h = max(u_up.w, 1.0);
    float R = u_fog.w;
    float dip = -sqrt(2.0 * h / R);  // sine of the horizon's dip (small angles)
    float dip_angle = asin(clamp(dip, -1.0, 0.0));
    float f = a_param.y * a_param.y;
    float elevation = a_param.x > 0.0 ? mix(dip_angle, 1.5707, f) : mix(dip_angle, -1.5707, f);
    vec3 dir = sky_dir(elevation, a_param.z);
    vec3 c;
    v_clear = 0.0;
    if (a_param.x < 0.0) {
        float e = sin(elevation);
        float dist = R * (-e - sqrt(max(e * e - dip * dip, 0.0)));
        vec3 water = mix(vec3(0.006, 0.03, 0.045) * u_ambient.rgb, sky_gradient(reflect(dir, u_up.xyz)), 0.35);
        c = apply_fog(water, dir * max(dist, 1.0));
    } else {
        float e = dot(dir, u_up.xyz);
        c = sky_gradient(dir);
        // the path through the air is about 1 km of sea-level air per unit of 1 / elevation
        float far = min(3.0e5, 1000.0 / max(e - dip, 1e-3));
        float T;
        vec3 f = fog_at(dir * far, T);
        c = mix(f, c, T);
        v_clear = T;
    }
    v_dir = dir;
    v_color = to_display(c);
    gl_Position = (u_view_proj * vec4(dir, 0.0)).xyww;
}
