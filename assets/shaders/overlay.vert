#version 330 core
// The app's overlay (HUD, menus): the screen tiles that hold something (NDC positions).
layout(location = 0) in vec4 a_tile;
void main() {
    gl_Position = vec4(a_tile.xy, 0.0, 1.0);
}
