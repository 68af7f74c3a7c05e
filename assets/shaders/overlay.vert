#version 330 core
// Screen tiles (NDC positions): the overlay's occupied tiles, or the tiles that present the
// scene drawn at a reduced resolution. v_uv: where the tile lies in the window (0..1, from
// the bottom); v_overlay_uv: where in the overlay texture (rows top first).
layout(location = 0) in vec4 a_tile;
out vec2 v_uv;
out vec2 v_overlay_uv;
void main() {
    v_uv = a_tile.xy * 0.5 + 0.5;
    v_overlay_uv = a_tile.zw;
    gl_Position = vec4(a_tile.xy, 0.0, 1.0);
}
