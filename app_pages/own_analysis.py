from ikoe_ui import layout

layout.page("own_analysis")
