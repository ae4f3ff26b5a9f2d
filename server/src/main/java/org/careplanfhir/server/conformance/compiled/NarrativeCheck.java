package org.careplanfhir.server.conformance.compiled;

import java.util.Map;
import java.util.Set;

import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * The narrative rules (txt-1, txt-2) for the plain XHTML case-management records carry: only the
 * specification's basic formatting elements and attributes, no active content, and some text. A div
 * with anything more (images, comments, unusual attributes) is left to the reference validator.
 */
final class NarrativeCheck {

	private static final Set<String> ELEMENTS = Set.of("p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "a",
			"span", "b", "em", "i", "strong", "small", "big", "tt", "dfn", "q", "var", "abbr", "acronym", "cite",
			"blockquote", "hr", "address", "bdo", "kbd", "sub", "sup", "ul", "ol", "li", "dl", "dt", "dd", "pre",
			"table", "caption", "colgroup", "col", "thead", "tr", "tfoot", "tbody", "th", "td", "code", "samp");

	private static final Set<String> ATTRIBUTES = Set.of("title", "style", "class", "id", "lang", "xml:lang", "dir");

	private static final Map<String, Set<String>> ATTRIBUTES_OF = Map.of(
			"a", Set.of("href", "name"),
			"td", Set.of("colspan", "rowspan", "scope"),
			"th", Set.of("colspan", "rowspan", "scope"),
			"div", Set.of("xmlns"));

	private NarrativeCheck() {
	}

	static boolean fits(XhtmlNode div) {
		if (div == null || div.getNodeType() != NodeType.Element || !"div".equals(div.getName())) {
			return false;
		}
		boolean[] text = new boolean[1];
		return fits(div, text) && text[0];
	}

	private static boolean fits(XhtmlNode node, boolean[] text) {
		switch (node.getNodeType()) {
			case Text -> {
				if (node.getContent() != null && !node.getContent().isBlank()) {
					text[0] = true;
				}
				return true;
			}
			case Element -> {
				if (!ELEMENTS.contains(node.getName())) {
					return false;
				}
				for (Map.Entry<String, String> attribute : node.getAttributes().entrySet()) {
					String name = attribute.getKey();
					if (!ATTRIBUTES.contains(name) && !ATTRIBUTES_OF.getOrDefault(node.getName(), Set.of()).contains(name)) {
						return false;
					}
					if ("href".equals(name) && (attribute.getValue() == null
							|| attribute.getValue().trim().toLowerCase().startsWith("javascript:"))) {
						return false;
					}
				}
				for (XhtmlNode child : node.getChildNodes()) {
					if (!fits(child, text)) {
						return false;
					}
				}
				return true;
			}
			default -> {
				return false;
			}
		}
	}

}
