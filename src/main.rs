fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<idv_widget::components::app::App>::new().render();
}
