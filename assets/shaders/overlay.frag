#version 330 core
// The overlay, pixel for pixel (nearest texel: no filtering cost; the app draws it at the
// window's size). u_size: overlay size / window size, per axis; rows are top first.
uniform sampler2D u_overlay;
uniform vec4 u_size;  // overlay width, height (px), window width, height (px)
out vec4 frag_color;
void main() {
    vec2 p = vec2(gl_FragCoord.x, u_size.w - gl_FragCoord.y) * u_size.xy / u_size.zw;
    vec4 c = texelFetch(u_overlay, ivec2(min(p, u_size.xy - 1.0)), 0);
    if (c.a <= 0.0) discard;
    frag_color = c;
}
