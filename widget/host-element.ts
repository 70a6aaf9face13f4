/** The <bookora-widget> a node of its shadow tree belongs to: where the later steps read the attributes the model does not keep. */
export function widgetOf(node: Node | null | undefined): Element | null {
  const root = node?.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}
