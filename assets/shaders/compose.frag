#version 330 core
// The scene drawn at a reduced resolution, stretched over the window (bilinear), with the
// overlay over it (nearest texel, blended "over" by its alpha), in one pass: the tiles that
// hold any overlay pixel use this, the others present.frag.
in vec2 v_uv;
in vec2 v_overlay_uv;
uniform sampler2D u_scene;
uniform sampler2D u_overlay;
out vec4 frag_color;
void main() {
    vec3 scene = texture(u_scene, v_uv).rgb;
    vec4 c = texture(u_overlay, v_overlay_uv);
    frag_color = vec4(mix(scene, c.rgb, c.a), 1.0);
}
