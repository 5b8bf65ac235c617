//! The widget's entry point: renders the [`App`](idv_widget::components::app::App) into the page
//! (in the browser; natively there is nothing to run).

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<idv_widget::components::app::App>::new().render();
}
