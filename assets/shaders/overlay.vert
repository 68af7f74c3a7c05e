#version 330 core
// The app's overlay (HUD, menus): screen tiles (NDC position, texture coordinate).
layout(location = 0) in vec4 a_tile;
out vec2 v_uv;
void main() {
    v_uv = a_tile.zw;  // the surface's top row first
    gl_Position = vec4(a_tile.xy, 0.0, 1.0);
}
