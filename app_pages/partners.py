from ikoe_ui import layout

layout.page("partners")
