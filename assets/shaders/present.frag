#version 330 core
// The scene drawn at a reduced resolution, stretched over the window (bilinear).
in vec2 v_uv;
uniform sampler2D u_scene;
out vec4 frag_color;
void main() {
    frag_color = vec4(texture(u_scene, v_uv).rgb, 1.0);
}
