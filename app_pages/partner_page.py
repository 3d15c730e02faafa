from ikoe_ui import layout

layout.page("partner_page")
