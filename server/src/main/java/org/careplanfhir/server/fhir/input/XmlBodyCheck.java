package org.careplanfhir.server.fhir.input;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an XML body once as a stream of events, before HAPI parses it, and refuses what HAPI's
 * parser would accept and silently change or drop: a declared encoding other than UTF-8, a DTD, a
 * root element outside the FHIR namespace, and, for FHIR resources, an element that carries
 * neither a {@code value} nor child elements ({@code <active/>}), an empty attribute, and text where
 * FHIR XML has none. It also enforces the request limits as it goes. XHTML narrative is left alone
 * but for the limits.
 */
final class XmlBodyCheck {

	static final String FHIR_NAMESPACE = "http://hl7.org/fhir";

	private static final XMLInputFactory XML = newFactory();

	private final RequestLimitsProperties limits;

	XmlBodyCheck(RequestLimitsProperties limits) {
		this.limits = limits;
	}

	/** @param fhirRules whether the body is a FHIR resource (as opposed to, say, an XML Patch) */
	void check(byte[] body, boolean fhirRules) {
		XMLStreamReader reader = null;
		try {
			// The bytes were already checked to be UTF-8, so the declared encoding is only compared.
			reader = XML.createXMLStreamReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
			walk(reader, fhirRules);
		}
		catch (XMLStreamException malformed) {
			String message = malformed.getMessage() == null ? ""
					: malformed.getMessage().replaceAll("\\s+", " ").replace(" {unknown-source}", "");
			throw BodyRejected.malformed("The body is not well-formed XML: " + message);
		}
		finally {
			if (reader != null) {
				try {
					reader.close();
				}
				catch (XMLStreamException ignored) {
					// Nothing is held open: the source is an array in memory.
				}
			}
		}
	}

	private void walk(XMLStreamReader reader, boolean fhirRules) throws XMLStreamException {
		String declared = reader.getCharacterEncodingScheme();
		if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
			throw BodyRejected.unsupportedMediaType("The XML declaration names the encoding '" + declared
					+ "'; FHIR XML is always UTF-8");
		}
		Deque<Element> open = new ArrayDeque<>();
		long elements = 0;
		while (reader.hasNext()) {
			switch (reader.next()) {
				case XMLStreamConstants.DTD -> throw BodyRejected.malformed("The body has a DTD; FHIR XML may not have one");
				case XMLStreamConstants.START_ELEMENT -> {
					if (++elements > limits.maxElements()) {
						throw BodyRejected.tooLarge("The body has more than " + limits.maxElements()
								+ " elements (careplan.fhir.limits.max-elements)");
					}
					Element parent = open.peek();
					Element element = new Element(reader.getLocalName(), FHIR_NAMESPACE.equals(reader.getNamespaceURI()));
					if (parent == null && fhirRules && !element.fhir) {
						throw BodyRejected.malformed("The root element <" + element.name + "> is in the namespace '"
								+ String.valueOf(reader.getNamespaceURI()) + "'; FHIR resources are in '" + FHIR_NAMESPACE + "'");
					}
					if (parent != null) {
						parent.childElements = true;
						parent.countRepeat(element.name, this, open);
					}
					if (open.size() >= limits.maxDepth()) {
						throw BodyRejected.malformed("The body nests deeper than " + limits.maxDepth() + " levels at "
								+ path(open) + "/" + element.name + " (careplan.fhir.limits.max-depth)");
					}
					open.push(element);
					for (int i = 0; i < reader.getAttributeCount(); i++) {
						if (fhirRules && element.fhir && reader.getAttributeValue(i).isEmpty()) {
							throw BodyRejected.malformed("The attribute '" + reader.getAttributeLocalName(i) + "' at "
									+ path(open) + " is empty; FHIR XML leaves out what has no value");
						}
						if ("value".equals(reader.getAttributeLocalName(i))) {
							element.value = true;
						}
					}
				}
				case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
					Element current = open.peek();
					if (fhirRules && current != null && current.fhir && !reader.isWhiteSpace()
							&& !reader.getText().isBlank()) {
						throw BodyRejected.malformed("The element at " + path(open)
								+ " holds text; FHIR XML puts values in a 'value' attribute");
					}
				}
				case XMLStreamConstants.END_ELEMENT -> {
					Element closed = open.peek();
					// Resource types (Patient, Bundle...) start with a capital: an empty resource is allowed.
					if (fhirRules && closed.fhir && !closed.value && !closed.childElements
							&& Character.isLowerCase(closed.name.charAt(0))) {
						throw BodyRejected.malformed("The element at " + path(open)
								+ " has neither a value nor child elements; FHIR XML leaves out what has no content");
					}
					open.pop();
				}
				default -> {
					// Comments, processing instructions and whitespace carry no data.
				}
			}
		}
	}

	void tooManyRepeats(Deque<Element> open, String name) {
		throw BodyRejected.tooLarge("The element <" + name + "> repeats more than " + limits.maxRepetitions()
				+ " times in " + path(open) + " (careplan.fhir.limits.max-repetitions)");
	}

	private static String path(Deque<Element> open) {
		StringBuilder path = new StringBuilder();
		for (Iterator<Element> outermostFirst = open.descendingIterator(); outermostFirst.hasNext();) {
			path.append('/').append(outermostFirst.next().name);
		}
		return path.length() == 0 ? "/" : path.toString();
	}

	private static XMLInputFactory newFactory() {
		XMLInputFactory factory = XMLInputFactory.newFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		factory.setProperty(XMLInputFactory.IS_COALESCING, true);
		return factory;
	}

	/** An open element: its name, what it holds so far, and how often its latest child name repeated. */
	static final class Element {

		final String name;

		final boolean fhir;

		boolean value;

		boolean childElements;

		private String lastChild;

		private int repeats;

		Element(String name, boolean fhir) {
			this.name = name;
			this.fhir = fhir;
		}

		// FHIR XML writes the repeats of an element one after another, so a run length is enough.
		void countRepeat(String child, XmlBodyCheck check, Deque<Element> open) {
			if (child.equals(lastChild)) {
				if (++repeats > check.limits.maxRepetitions()) {
					check.tooManyRepeats(open, child);
				}
			}
			else {
				lastChild = child;
				repeats = 1;
			}
		}

	}

}
