package org.careplanfhir.server.conformance.compiled;

import java.util.Map;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.PrimitiveType;

/**
 * The lexical rules of FHIR R4's primitive types (the regular expressions of the specification's
 * datatypes page), for the types whose values HAPI's parser does not already hold to them. A type
 * not listed here (base64Binary, integer64…) is left to the reference validator.
 */
final class PrimitiveFormats {

	private static final int LONGEST_STRING = 1024 * 1024;

	private static final String YEAR = "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)";

	private static final String MONTH = "(0[1-9]|1[0-2])";

	private static final String DAY = "(0[1-9]|[1-2][0-9]|3[0-1])";

	private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?";

	private static final String ZONE = "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";

	private static final Map<String, Pattern> LEXICAL = Map.of(
			"code", Pattern.compile("[^\\s]+( [^\\s]+)*"),
			"id", Pattern.compile("[A-Za-z0-9\\-.]{1,64}"),
			"oid", Pattern.compile("urn:oid:[0-2](\\.(0|[1-9][0-9]*))+"),
			"uuid", Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
			"date", Pattern.compile(YEAR + "(-" + MONTH + "(-" + DAY + ")?)?"),
			"dateTime", Pattern.compile(YEAR + "(-" + MONTH + "(-" + DAY + "(T" + TIME + ZONE + ")?)?)?"),
			"instant", Pattern.compile(YEAR + "-" + MONTH + "-" + DAY + "T" + TIME + ZONE),
			"time", Pattern.compile(TIME),
			"decimal", Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"));

	private static final Pattern NO_WHITESPACE = Pattern.compile("\\S+");

	private PrimitiveFormats() {
	}

	/** Whether the value is lexically valid for its type; false for a type not checked here too. */
	static boolean fits(String type, Base value) {
		if (!(value instanceof PrimitiveType<?> primitive) || primitive.getValueAsString() == null) {
			return false;
		}
		String text = primitive.getValueAsString();
		return switch (type) {
			case "boolean" -> primitive.getValue() != null;
			case "integer" -> primitive.getValue() != null;
			case "positiveInt" -> primitive.getValue() instanceof Integer number && number > 0;
			case "unsignedInt" -> primitive.getValue() instanceof Integer number && number >= 0;
			case "string", "markdown" -> isText(text);
			case "uri", "url", "canonical" -> isUri(text);
			case "date", "dateTime", "instant", "time", "decimal" -> primitive.getValue() != null
					&& LEXICAL.get(type).matcher(text).matches();
			case "code", "id", "oid", "uuid" -> LEXICAL.get(type).matcher(text).matches();
			default -> false;
		};
	}

	private static boolean isText(String text) {
		if (text.isEmpty() || text.length() > LONGEST_STRING) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
				return false;
			}
		}
		return true;
	}

	private static boolean isUri(String text) {
		if (!NO_WHITESPACE.matcher(text).matches()) {
			return false;
		}
		if (text.startsWith("urn:oid:")) {
			return LEXICAL.get("oid").matcher(text).matches();
		}
		if (text.startsWith("urn:uuid:")) {
			return LEXICAL.get("uuid").matcher(text).matches();
		}
		return true;
	}

}
