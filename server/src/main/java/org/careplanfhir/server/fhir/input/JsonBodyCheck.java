package org.careplanfhir.server.fhir.input;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Reads a JSON body once as a stream of tokens, before HAPI parses it, and refuses what HAPI's
 * parser would accept and silently change: duplicate keys (HAPI keeps the last), single quotes,
 * comments and other non-JSON, and, for FHIR resources, what FHIR's JSON format forbids: empty
 * objects, arrays and strings, {@code null} as a property value, and characters below U+0020 other
 * than tab, CR and LF, or half of a surrogate pair, in any string. It also enforces the request
 * limits as it goes. Errors name the JSON Pointer of the offending value.
 */
final class JsonBodyCheck {

	private static final JsonFactory JSON = JsonFactory.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		// Our own limits are checked below with clearer messages; Jackson's only back them up.
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2000).build())
		.build();

	private final RequestLimitsProperties limits;

	JsonBodyCheck(RequestLimitsProperties limits) {
		this.limits = limits;
	}

	/**
	 * @param fhirRules whether the body is a FHIR resource (as opposed to, say, a JSON Patch)
	 * @param operationLimit the most items the top-level array (a JSON Patch's operations) or the
	 * {@code parameter} array of a top-level object (a FHIRPath Patch's operations) may hold
	 */
	void check(byte[] body, boolean fhirRules, int operationLimit) {
		try (JsonParser parser = JSON.createParser(body)) {
			walk(parser, fhirRules, operationLimit);
		}
		catch (JsonParseException malformed) {
			String message = malformed.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; ", "[");
			throw BodyRejected.malformed("The body is not valid JSON: " + message + " (line "
					+ malformed.getLocation().getLineNr() + ", column " + malformed.getLocation().getColumnNr() + ")");
		}
		catch (IOException unreadable) {
			throw BodyRejected.malformed("The body could not be read as JSON: " + unreadable.getMessage());
		}
	}

	private void walk(JsonParser parser, boolean fhirRules, int operationLimit) throws IOException {
		// Items seen so far in each open array (objects push a marker that is never counted).
		Deque<int[]> open = new ArrayDeque<>();
		long elements = 0;
		JsonToken token;
		JsonToken previous = null;
		boolean rootClosed = false;
		while ((token = parser.nextToken()) != null) {
			if (rootClosed) {
				throw BodyRejected.malformed("The body is not valid JSON: more content follows the end of the "
						+ (fhirRules ? "resource" : "document") + " (line " + parser.currentLocation().getLineNr()
						+ ", column " + parser.currentLocation().getColumnNr() + ")");
			}
			if (previous == null && token != JsonToken.START_OBJECT && (fhirRules || token != JsonToken.START_ARRAY)) {
				throw BodyRejected.malformed("The body is not valid JSON for this request: it must be "
						+ (fhirRules ? "an object (a FHIR resource)" : "an array or an object") + ", not "
						+ (token == JsonToken.START_ARRAY ? "an array" : "a single value"));
			}
			if (token == JsonToken.FIELD_NAME) {
				previous = token;
				continue;
			}
			if (++elements > limits.maxElements()) {
				throw BodyRejected.tooLarge("The body has more than " + limits.maxElements()
						+ " values (careplan.fhir.limits.max-elements)");
			}
			if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
				if (fhirRules && (previous == JsonToken.START_OBJECT || previous == JsonToken.START_ARRAY)) {
					throw BodyRejected.malformed("Empty " + (token == JsonToken.END_OBJECT ? "object" : "array")
							+ " at " + where(parser) + ": FHIR JSON leaves out an element that has no content");
				}
				open.pop();
				rootClosed = open.isEmpty();
				previous = token;
				continue;
			}
			// For a token that opens an object or array, the parser's context is already the new one.
			JsonStreamContext container = token.isStructStart() ? parser.getParsingContext().getParent()
					: parser.getParsingContext();
			if (container.inArray()) {
				String limitName = "max-repetitions";
				int limit = limits.maxRepetitions();
				String arrayName = open.size() == 2 ? container.getParent().getCurrentName() : null;
				if (operationLimit != limits.maxRepetitions() && (open.size() == 1 || "parameter".equals(arrayName))) {
					limitName = "max-patch-operations";
					limit = operationLimit;
				}
				else if ("entry".equals(arrayName)) {
					limitName = "max-bundle-entries";
					limit = limits.maxBundleEntries();
				}
				if (++open.peek()[0] > limit) {
					throw BodyRejected.tooLarge("The array at " + where(container) + " has more than " + limit
							+ " items (careplan.fhir.limits." + limitName + ")");
				}
			}
			if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
				if (open.size() >= limits.maxDepth()) {
					throw BodyRejected.malformed("The body nests deeper than " + limits.maxDepth() + " levels at "
							+ where(parser) + " (careplan.fhir.limits.max-depth)");
				}
				open.push(new int[1]);
			}
			else if (fhirRules) {
				checkFhirValue(parser, token);
			}
			previous = token;
		}
	}

	private static void checkFhirValue(JsonParser parser, JsonToken token) throws IOException {
		if (token == JsonToken.VALUE_NULL && !parser.getParsingContext().inArray()) {
			throw BodyRejected.malformed("null at " + where(parser) + ": FHIR JSON leaves out an element that has no value");
		}
		if (token == JsonToken.VALUE_STRING) {
			String text = parser.getText();
			if (text.isEmpty()) {
				throw BodyRejected.malformed("Empty string at " + where(parser)
						+ ": FHIR JSON leaves out an element that has no value");
			}
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
					throw BodyRejected.malformed(String.format(
							"The string at %s holds the control character U+%04X, which FHIR strings may not contain",
							where(parser), (int) c));
				}
				if (Character.isSurrogate(c)) {
					boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
							&& Character.isLowSurrogate(text.charAt(i + 1));
					if (!paired) {
						throw BodyRejected.malformed(String.format(
								"The string at %s holds half of a surrogate pair (U+%04X), which is not a character",
								where(parser), (int) c));
					}
					i++;
				}
			}
		}
	}

	private static String where(JsonParser parser) {
		return where(parser.getParsingContext());
	}

	private static String where(JsonStreamContext context) {
		String pointer = context.pathAsPointer().toString();
		if (pointer.length() > 160) {
			pointer = pointer.substring(0, 80) + "…" + pointer.substring(pointer.length() - 60);
		}
		return pointer.isEmpty() ? "the top level" : pointer;
	}

}
