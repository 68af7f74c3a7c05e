#version 330 core
in vec2 v_uv;
uniform sampler2D u_overlay;
out vec4 frag_color;
void main() {
    vec4 c = texture(u_overlay, v_uv);
    if (c.a <= 0.0) discard;
    frag_color = c;
}
