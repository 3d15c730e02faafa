from ikoe_ui import layout

layout.page("staff_shares")
