package org.careplanfhir.server.fhir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and malformed requests, hundreds of them, each answered with the right 4xx and an
 * OperationOutcome, with nothing stored (live rows of every type counted before and after) and the
 * server still answering afterwards. A case names the status it must get; "4xx" is never enough.
 */
class HostileInputIntegrationTests extends FhirServerTest {

	private static final String JSON = "application/fhir+json";

	private static final String XML = "application/fhir+xml";

	private static final String JSON_PATCH = "application/json-patch+json";

	/** One hostile request: how to send it and what must come back. */
	record Hostile(String method, String path, String contentType, byte[] body, Map<String, String> headers,
			int status, String diagnostic) {

		Hostile header(String name, String value) {
			Map<String, String> more = new LinkedHashMap<>(headers);
			more.put(name, value);
			return new Hostile(method, path, contentType, body, more, status, diagnostic);
		}

	}

	private static Hostile post(String path, String contentType, byte[] body, int status, String diagnostic) {
		return new Hostile("POST", path, contentType, body, Map.of(), status, diagnostic);
	}

	private static Hostile post(String path, String contentType, String body, int status, String diagnostic) {
		return post(path, contentType, body.getBytes(StandardCharsets.UTF_8), status, diagnostic);
	}

	private static Arguments hostile(String name, Hostile request) {
		return Arguments.of(Named.of(name, request));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource({ "encodingAndSyntax", "fhirJsonRules", "xmlBodies", "contentTypes", "limits", "transactions",
			"preconditions", "searchControls", "operationParameters", "patches", "paths" })
	void isRefusedWithAnOutcomeAndStoresNothing(Hostile request) {
		String placeholderId = create("Patient", "{\"resourceType\":\"Patient\",\"active\":true}");
		// Counted after the placeholder and its Provenance are stored: the hostile request must add nothing.
		long before = liveResources();
		// Sent as given: no charset added to the Content-Type, nothing in the URL encoded again.
		RequestSpecification spec = fhir()
			.config(RestAssured.config()
				.encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
			.urlEncodingEnabled(false)
			.contentType(request.contentType() == null ? JSON : request.contentType())
			.headers(request.headers());
		if (request.body() != null) {
			byte[] body = new String(request.body(), StandardCharsets.ISO_8859_1).replace("{id}", placeholderId)
				.getBytes(StandardCharsets.ISO_8859_1);
			spec.body(body);
		}
		Response response = spec.request(request.method(), request.path().replace("{id}", placeholderId));

		assertThat(response.statusCode()).as("status of %s %s", request.method(), request.path())
			.isEqualTo(request.status());
		assertThat(response.contentType()).startsWith("application/fhir+json");
		String body = response.asString();
		assertThat(response.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
		assertThat(response.jsonPath().getString("issue[0].severity")).isEqualTo("error");
		assertThat(response.jsonPath().getString("issue[0].diagnostics")).contains(request.diagnostic());
		assertThat(body).doesNotContain("at ca.uhn", "at org.", "Exception:", "ERROR:", "SQL");
		assertThat(liveResources()).as("live resources after the request").isEqualTo(before);
		fhir().get("/Patient/" + placeholderId).then().statusCode(200);
	}

	/**
	 * A body announced larger than the limit is refused unread: the client, waiting for "100
	 * Continue" as HTTP clients that send large bodies do, reads the refusal instead of a reset connection.
	 */
	@org.junit.jupiter.api.Test
	void aBodyAnnouncedLargerThanTheLimitIsRefusedBeforeItIsSent() throws Exception {
		long before = liveResources();
		try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			String head = "POST /fhir/Patient HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer "
					+ org.careplanfhir.server.TestTokens.system(port) + "\r\nContent-Type: " + JSON
					+ "\r\nContent-Length: " + (9 * 1024 * 1024) + "\r\nExpect: 100-continue\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

			assertThat(answer).contains("HTTP/1.1 413").contains("OperationOutcome").contains("max-body-size");
		}
		assertThat(liveResources()).isEqualTo(before);
	}

	@org.junit.jupiter.api.Test
	void nothingIsReadOrInflatedForACallerWithoutAValidToken() {
		byte[] bomb = gzip(("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(16 * 1024 * 1024) + "\"}]}")
			.getBytes(StandardCharsets.UTF_8));

		RestAssured.given().contentType(JSON).header("Content-Encoding", "gzip").body(bomb).post("/Patient")
			.then().statusCode(401).body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));
	}

	@org.junit.jupiter.api.Test
	void theErrorPageAskedForDirectlyIsNotFoundRatherThanAServerError() {
		RestAssured.given().basePath("").get("/error").then().statusCode(404);
		RestAssured.given().basePath("").post("/error").then().statusCode(org.hamcrest.Matchers.lessThan(500));
	}

	@org.junit.jupiter.api.Test
	void aBodyLabelledWithAnotherCharsetIsReadInThatCharsetAndStoredAsMeant() {
		byte[] latin1 = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Zo\u00eb M\u00fcller\"}]}"
			.getBytes(StandardCharsets.ISO_8859_1);

		String id = fhir().contentType(JSON + "; charset=ISO-8859-1").body(latin1).post("/Patient").then().statusCode(201)
			.extract().path("id");

		fhir().get("/Patient/" + id).then().body("name[0].family", org.hamcrest.Matchers.equalTo("Zo\u00eb M\u00fcller"));
	}

	private long liveResources() {
		return database.queryForObject("SELECT count(*) FROM hfj_resource WHERE res_deleted_at IS NULL", Long.class);
	}

	static Stream<Arguments> encodingAndSyntax() {
		List<Arguments> cases = new ArrayList<>();
		Map<String, byte[]> badUtf8 = new LinkedHashMap<>();
		badUtf8.put("a lone continuation byte", new byte[] { (byte) 0x80 });
		badUtf8.put("an invalid start byte 0xFF", new byte[] { (byte) 0xff, (byte) 0xfe });
		badUtf8.put("an overlong '/' (C0 AF)", new byte[] { (byte) 0xc0, (byte) 0xaf });
		badUtf8.put("an overlong NUL (C0 80)", new byte[] { (byte) 0xc0, (byte) 0x80 });
		badUtf8.put("a three-byte overlong (E0 80 AF)", new byte[] { (byte) 0xe0, (byte) 0x80, (byte) 0xaf });
		badUtf8.put("an encoded surrogate (ED A0 80)", new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 });
		badUtf8.put("a truncated two-byte sequence", new byte[] { (byte) 0xc3 });
		badUtf8.put("a truncated four-byte sequence", new byte[] { (byte) 0xf0, (byte) 0x9f, (byte) 0x98 });
		badUtf8.put("a code point above U+10FFFF (F4 90 80 80)", new byte[] { (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80 });
		badUtf8.put("a five-byte form (F8 88 80 80 80)", new byte[] { (byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 });
		badUtf8.forEach((what, bytes) -> {
			cases.add(hostile("JSON with " + what, post("/Patient", JSON,
					concat("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"A", bytes, "B\"}]}"), 400, "not valid UTF-8")));
			cases.add(hostile("XML with " + what, post("/Patient", XML,
					concat("<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"A", bytes, "B\"/></name></Patient>"),
					400, "not valid UTF-8")));
		});
		Map<String, String> notJson = new LinkedHashMap<>();
		notJson.put("duplicate keys", "{\"resourceType\":\"Patient\",\"gender\":\"male\",\"gender\":\"female\"}");
		notJson.put("duplicate nested keys", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"A\",\"family\":\"B\"}]}");
		notJson.put("single-quoted names", "{'resourceType':'Patient'}");
		notJson.put("single-quoted values", "{\"resourceType\":'Patient'}");
		notJson.put("unquoted names", "{resourceType:\"Patient\"}");
		notJson.put("a comment", "{\"resourceType\":\"Patient\" /* hi */}");
		notJson.put("a trailing comma", "{\"resourceType\":\"Patient\",\"active\":true,}");
		notJson.put("NaN", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"valueQuantity\":{\"value\":NaN}}");
		notJson.put("a leading zero", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"valueInteger\":007}");
		notJson.put("two documents", "{\"resourceType\":\"Patient\"}{\"resourceType\":\"Patient\"}");
		notJson.put("a raw control character", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\u0001b\"}]}");
		notJson.put("an unterminated string", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a}]}");
		notJson.put("a bare value", "\"Patient\"");
		notJson.forEach((what, body) -> cases.add(hostile("JSON with " + what,
				post(what.contains("Observation") || body.contains("Observation") ? "/Observation" : "/Patient", JSON, body, 400, "not valid JSON"))));
		for (int c = 0; c < 0x20; c++) {
			if (c == '\t' || c == '\n' || c == '\r') {
				continue;
			}
			cases.add(hostile(String.format("JSON string with escaped U+%04X", c), post("/Patient", JSON,
					String.format("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\u%04xb\"}]}", c), 400,
					String.format("control character U+%04X", c))));
		}
		for (String half : List.of("\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\udc00\\ud800")) {
			cases.add(hostile("JSON string with lone surrogate " + half, post("/Patient", JSON,
					"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a" + half + "b\"}]}", 400, "surrogate")));
		}
		return cases.stream();
	}

	static Stream<Arguments> fhirJsonRules() {
		Map<String, String> bodies = new LinkedHashMap<>();
		bodies.put("an empty array", "{\"resourceType\":\"Patient\",\"name\":[]}|Empty array at /name");
		bodies.put("an empty object", "{\"resourceType\":\"Patient\",\"name\":[{}]}|Empty object at /name/0");
		bodies.put("an empty nested object", "{\"resourceType\":\"Patient\",\"maritalStatus\":{}}|Empty object at /maritalStatus");
		bodies.put("an empty string", "{\"resourceType\":\"Patient\",\"gender\":\"\"}|Empty string at /gender");
		bodies.put("an empty nested string", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"\"}]}|Empty string at /name/0/family");
		bodies.put("a null property", "{\"resourceType\":\"Patient\",\"gender\":null}|null at /gender");
		bodies.put("a null nested property", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":null}]}|null at /name/0/family");
		bodies.put("an unknown modifier extension",
				"{\"resourceType\":\"Patient\",\"modifierExtension\":[{\"url\":\"http://example.org/unknown-modifier\",\"valueBoolean\":true}]}|http://example.org/unknown-modifier");
		bodies.put("an unknown modifier extension deep inside",
				"{\"resourceType\":\"Patient\",\"contact\":[{\"modifierExtension\":[{\"url\":\"http://example.org/deep-modifier\",\"valueBoolean\":true}],\"name\":{\"family\":\"X\"}}]}|http://example.org/deep-modifier");
		bodies.put("an unknown modifier extension in a contained resource",
				"{\"resourceType\":\"Patient\",\"contained\":[{\"resourceType\":\"Organization\",\"id\":\"org\",\"name\":\"Y\",\"modifierExtension\":[{\"url\":\"http://example.org/contained-modifier\",\"valueBoolean\":true}]}],\"managingOrganization\":{\"reference\":\"#org\"}}|http://example.org/contained-modifier");
		return bodies.entrySet().stream().map(entry -> {
			String[] bodyAndMessage = entry.getValue().split("\\|", 2);
			int status = entry.getKey().contains("modifier") ? 422 : 400;
			return hostile("JSON with " + entry.getKey(), post("/Patient", JSON, bodyAndMessage[0], status, bodyAndMessage[1]));
		});
	}

	static Stream<Arguments> xmlBodies() {
		Map<String, String> bodies = new LinkedHashMap<>();
		String ns = "xmlns=\"http://hl7.org/fhir\"";
		bodies.put("no FHIR namespace", "<Patient><gender value=\"male\"/></Patient>|400|namespace ''");
		bodies.put("a foreign namespace", "<Patient xmlns=\"http://example.org/not-fhir\"><gender value=\"male\"/></Patient>|400|http://example.org/not-fhir");
		bodies.put("a prefixed foreign namespace", "<x:Patient xmlns:x=\"urn:evil\"><x:gender value=\"male\"/></x:Patient>|400|urn:evil");
		bodies.put("encoding UTF-16 declared", "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Patient " + ns + "/>|415|UTF-16");
		bodies.put("a bogus encoding declared", "<?xml version=\"1.0\" encoding=\"BOGUS-9\"?><Patient " + ns + "/>|415|BOGUS-9");
		bodies.put("ISO-8859-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Patient " + ns + "/>|415|ISO-8859-1");
		bodies.put("an element without a value", "<Patient " + ns + "><active/></Patient>|400|/Patient/active");
		bodies.put("a nested element without content", "<Patient " + ns + "><name><family/></name></Patient>|400|/Patient/name/family");
		bodies.put("an empty complex element", "<Patient " + ns + "><name/></Patient>|400|/Patient/name");
		bodies.put("an empty value attribute", "<Patient " + ns + "><gender value=\"\"/></Patient>|400|'value'");
		bodies.put("text content", "<Patient " + ns + "><gender>male</gender></Patient>|400|holds text");
		bodies.put("a DTD", "<!DOCTYPE Patient [<!ENTITY x \"y\">]><Patient " + ns + "/>|400|DTD");
		bodies.put("an external entity", "<!DOCTYPE Patient [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Patient " + ns + "><gender value=\"&x;\"/></Patient>|400|DTD");
		bodies.put("a NUL character reference", "<Patient " + ns + "><name><family value=\"a&#0;b\"/></name></Patient>|400|well-formed");
		bodies.put("a control character reference", "<Patient " + ns + "><name><family value=\"a&#1;b\"/></name></Patient>|400|well-formed");
		bodies.put("unclosed elements", "<Patient " + ns + "><name><family value=\"a\"/></Patient>|400|well-formed");
		bodies.put("two roots", "<Patient " + ns + "/><Patient " + ns + "/>|400|well-formed");
		return bodies.entrySet().stream().map(entry -> {
			String[] parts = entry.getValue().split("\\|", 3);
			return hostile("XML with " + entry.getKey(), post("/Patient", XML, parts[0], Integer.parseInt(parts[1]), parts[2]));
		});
	}

	static Stream<Arguments> contentTypes() {
		String patient = "{\"resourceType\":\"Patient\"}";
		return Stream.of(
				hostile("UTF-8 bytes labelled UTF-16", post("/Patient", JSON + "; charset=UTF-16", patient, 400, "not valid")),
				hostile("an odd number of bytes labelled UTF-16", post("/Patient", JSON + "; charset=UTF-16", patient + " ", 400, "UTF-16")),
				hostile("bytes that are not Shift_JIS labelled Shift_JIS", post("/Patient", JSON + "; charset=Shift_JIS",
						concat("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"", new byte[] { (byte) 0x81, (byte) 0x20 }, "\"}]}"),
						400, "Shift_JIS")),
				hostile("a bogus charset", post("/Patient", JSON + "; charset=klingon", patient, 415, "klingon")),
				hostile("fhirVersion 9.9", post("/Patient", JSON + "; fhirVersion=9.9", patient, 415, "9.9")),
				hostile("fhirVersion 3.0 (STU3)", post("/Patient", JSON + "; fhirVersion=3.0", patient, 415, "3.0")),
				hostile("fhirVersion 5.0 (R5)", post("/Patient", XML + "; fhirVersion=5.0",
						"<Patient xmlns=\"http://hl7.org/fhir\"/>", 415, "5.0")),
				hostile("an unparseable Content-Type", post("/Patient", "application/fhir+json; =x", patient, 415, "Content-Type")),
				hostile("Content-Encoding br", post("/Patient", JSON, patient, 415, "br").header("Content-Encoding", "br")),
				hostile("gzip that is not gzip", post("/Patient", JSON, patient, 400, "gzip").header("Content-Encoding", "gzip")),
				hostile("gzip cut short", post("/Patient", JSON, truncated(gzip(patient.repeat(20).getBytes(StandardCharsets.UTF_8))),
						400, "decompressed").header("Content-Encoding", "gzip")),
				hostile("an empty JSON body", post("/Patient", JSON, "", 400, "empty")),
				hostile("an empty XML body", post("/Patient", XML, "", 400, "empty")),
				hostile("an empty body on PUT", new Hostile("PUT", "/Patient/{id}", JSON, new byte[0], Map.of(), 400, "empty")));
	}

	static Stream<Arguments> limits() {
		// The test profile keeps the defaults but for max-body-size (8MB).
		byte[] bomb = gzip(("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(64 * 1024 * 1024) + "\"}]}")
			.getBytes(StandardCharsets.UTF_8));
		String manyGiven = "{\"resourceType\":\"Patient\",\"name\":[{\"given\":[" + repeated(50_001, "\"a\"") + "]}]}";
		String manyValues = "{\"resourceType\":\"Patient\",\"name\":["
				+ repeated(25, "{\"given\":[" + repeated(45_000, "\"a\"") + "]}") + "]}";
		String deepExtension = "{\"url\":\"http://example.org/e\",\"valueString\":\"v\"}";
		for (int i = 0; i < 300; i++) {
			deepExtension = "{\"url\":\"http://example.org/e\",\"extension\":[" + deepExtension + "]}";
		}
		String deepXml = "<Patient xmlns=\"http://hl7.org/fhir\">" + "<extension url=\"http://example.org/e\">".repeat(300)
				+ "<valueString value=\"v\"/>" + "</extension>".repeat(300) + "</Patient>";
		String manyEntries = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
				+ repeated(10_001, "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/1\"}}") + "]}";
		String manyOperations = "[" + repeated(1_001, "{\"op\":\"add\",\"path\":\"/active\",\"value\":true}") + "]";
		String manyFhirPathOperations = "{\"resourceType\":\"Parameters\",\"parameter\":["
				+ repeated(1_001, "{\"name\":\"operation\",\"part\":[{\"name\":\"type\",\"valueCode\":\"replace\"},"
						+ "{\"name\":\"path\",\"valueString\":\"Patient.active\"},{\"name\":\"value\",\"valueBoolean\":false}]}")
				+ "]}";
		return Stream.of(
				hostile("a gzip body inflating to 64 MB", post("/Patient", JSON, bomb, 413, "max-body-size")
					.header("Content-Encoding", "gzip")),
				hostile("50,001 given names", post("/Patient", JSON, manyGiven, 413, "max-repetitions")),
				hostile("1.1 million values", post("/Patient", JSON, manyValues, 413, "max-elements")),
				hostile("300-deep nested extensions (JSON)", post("/Patient", JSON,
						"{\"resourceType\":\"Patient\",\"extension\":[" + deepExtension + "]}", 400, "max-depth")),
				hostile("300-deep nested extensions (XML)", post("/Patient", XML, deepXml, 400, "max-depth")),
				hostile("a batch of 10,001 entries", post("/", JSON, manyEntries, 413, "max-bundle-entries")),
				hostile("a JSON Patch of 1,001 operations", new Hostile("PATCH", "/Patient/{id}", JSON_PATCH,
						manyOperations.getBytes(StandardCharsets.UTF_8), Map.of(), 413, "max-patch-operations")),
				hostile("a FHIRPath Patch of 1,001 operations", new Hostile("PATCH", "/Patient/{id}", JSON,
						manyFhirPathOperations.getBytes(StandardCharsets.UTF_8), Map.of(), 413, "max-patch-operations")));
	}

	static Stream<Arguments> transactions() {
		Map<String, String> entries = new LinkedHashMap<>();
		String patient = "{\"resourceType\":\"Patient\",\"active\":true}";
		entries.put("an entry without request.url", "{\"resource\":" + patient + ",\"request\":{\"method\":\"POST\"}}|400|request.url is missing");
		entries.put("a Patient POSTed to Observation", "{\"resource\":" + patient + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}|400|must agree");
		entries.put("a Patient PUT to Goal/1", "{\"resource\":" + patient + ",\"request\":{\"method\":\"PUT\",\"url\":\"Goal/1\"}}|400|must agree");
		entries.put("a PUT whose body id differs from the URL",
				"{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"aaa\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/bbb\"}}|400|differs");
		entries.put("a POST without a resource", "{\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}|400|resource is missing");
		entries.put("a null resource", "{\"resource\":null,\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}|400|null at /entry/1/resource");
		entries.put("ifMatch on a create-by-PUT",
				"{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"hostile-new-by-put\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/hostile-new-by-put\",\"ifMatch\":\"W/\\\"3\\\"\"}}|412|does not exist");
		entries.put("a malformed ifMatch", "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"{id}\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/{id}\",\"ifMatch\":\"garbage\"}}|400|ifMatch");
		entries.put("a stale ifMatch on DELETE", "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient/{id}\",\"ifMatch\":\"W/\\\"7\\\"\"}}|412|current version is 1");
		entries.put("ifMatch on a conditional DELETE", "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient?active=true\",\"ifMatch\":\"W/\\\"1\\\"\"}}|400|instance URL");
		entries.put("a GET of an unknown id", "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/does-not-exist\"}}|404|Bundle.entry[1] (GET Patient/does-not-exist) failed");
		entries.put("a GET of an unknown type", "{\"request\":{\"method\":\"GET\",\"url\":\"Foo?x=1\"}}|404|Bundle.entry[1] (GET Foo?x=1) failed");
		entries.put("a GET with an unknown parameter", "{\"request\":{\"method\":\"GET\",\"url\":\"Patient?foo=bar\"}}|400|foo");
		entries.put("a GET with _offset=-1", "{\"request\":{\"method\":\"GET\",\"url\":\"Patient?_offset=-1\"}}|400|_offset");
		entries.put("a GET with a bad date", "{\"request\":{\"method\":\"GET\",\"url\":\"Patient?birthdate=yesterday\"}}|400|yesterday");
		entries.put("a GET of what the transaction deletes",
				"{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient/{id}\"}},{\"request\":{\"method\":\"GET\",\"url\":\"Patient/{id}\"}}|400|deletes");
		return entries.entrySet().stream().map(entry -> {
			String[] parts = entry.getValue().split("\\|", 3);
			// Every transaction also creates a Patient first: a failure must take it back.
			String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + patient
					+ ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}," + parts[0] + "]}";
			return hostile("a transaction with " + entry.getKey(), post("/", JSON, bundle, Integer.parseInt(parts[1]), parts[2]));
		});
	}

	static Stream<Arguments> preconditions() {
		List<Arguments> cases = new ArrayList<>();
		List<String> malformed = List.of("garbage", "W/", "W/\"\"", "\"\"", "\"abc\"", "W/\"abc\"", "W/\"-1\"", "W/\"0\"",
				"W/\"1", "W/1", "W/\"99999999999999999999\"", "*");
		for (String ifMatch : malformed) {
			cases.add(hostile("PUT with If-Match " + ifMatch, new Hostile("PUT", "/Patient/{id}", JSON,
					"{\"resourceType\":\"Patient\",\"id\":\"{id}\",\"active\":false}".getBytes(StandardCharsets.UTF_8),
					Map.of("If-Match", ifMatch), 400, "If-Match")));
			cases.add(hostile("PATCH with If-Match " + ifMatch, new Hostile("PATCH", "/Patient/{id}", JSON_PATCH,
					"[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]".getBytes(StandardCharsets.UTF_8),
					Map.of("If-Match", ifMatch), 400, "If-Match")));
			cases.add(hostile("DELETE with If-Match " + ifMatch, new Hostile("DELETE", "/Patient/{id}", JSON, null,
					Map.of("If-Match", ifMatch), 400, "If-Match")));
		}
		cases.add(hostile("DELETE with a stale If-Match", new Hostile("DELETE", "/Patient/{id}", JSON, null,
				Map.of("If-Match", "W/\"2\""), 412, "current version is 1")));
		cases.add(hostile("PUT with If-Match of a resource that does not exist", new Hostile("PUT",
				"/Patient/hostile-missing", JSON, "{\"resourceType\":\"Patient\",\"id\":\"hostile-missing\"}".getBytes(StandardCharsets.UTF_8),
				Map.of("If-Match", "W/\"1\""), 412, "does not exist")));
		return cases.stream();
	}

	static Stream<Arguments> searchControls() {
		Map<String, String> searches = new LinkedHashMap<>();
		searches.put("/Patient?_count=-1", "_count");
		searches.put("/Patient?_count=1e3", "_count");
		searches.put("/Patient?_count=99999999999", "_count");
		searches.put("/Patient?_offset=-1", "_offset");
		searches.put("/Patient?_offset=abc", "_offset");
		searches.put("/Patient?_sort=", "_sort");
		searches.put("/Patient?_sort=-", "_sort");
		searches.put("/Patient?_sort=name,,gender", "_sort");
		searches.put("/Patient?_summary=foo", "_summary");
		searches.put("/Patient?_summary=", "_summary");
		searches.put("/Patient?_total=foo", "_total");
		searches.put("/Patient?_contained=maybe", "maybe");
		searches.put("/Patient?_containedType=sometimes", "_containedType");
		searches.put("/Patient?gender:missing=maybe", "true or false");
		searches.put("/Patient?gender:bogus=male", ":bogus");
		searches.put("/Patient?gender:exact=male", ":exact");
		searches.put("/Patient?name:not=x", ":not");
		searches.put("/Patient?birthdate:exact=2000", ":exact");
		searches.put("/CarePlan?subject:NotAType=1", ":NotAType");
		searches.put("/Observation?value-quantity:contains=5", ":contains");
		searches.put("/Observation?value-quantity=1e99999", "value-quantity");
		searches.put("/Observation?value-quantity=1e-99999", "value-quantity");
		searches.put("/Observation?value-quantity=ge1e400%7Chttp://unitsofmeasure.org%7Cmg", "value-quantity");
		searches.put("/Observation?value-quantity=lots", "lots");
		searches.put("/RiskAssessment?probability=1e99999", "probability");
		searches.put("/Location?near=garbage", "near");
		searches.put("/Location?near=1%7C2%7Cx", "near");
		searches.put("/Patient?_source=%00", "U+0000");
		searches.put("/Patient?name=a%00b", "U+0000");
		searches.put("/Patient?name:exact=a%01b", "U+0001");
		searches.put("/Patient?identifier=a%1Fb", "U+001F");
		searches.put("/Patient?_id=a%7Fb", "U+007F");
		searches.put("/Patient?_content=a%00b", "U+0000");
		searches.put("/Patient?birthdate=yesterday", "yesterday");
		return searches.entrySet().stream().map(entry -> hostile("GET " + entry.getKey(),
				new Hostile("GET", entry.getKey(), JSON, null, Map.of(), 400, entry.getValue())));
	}

	static Stream<Arguments> operationParameters() {
		String specialty = "/ValueSet/$expand?url=http://careplan-fhir.org/fhir/ValueSet/cm-specialty";
		Map<String, String> calls = new LinkedHashMap<>();
		calls.put(specialty + "&count=abc", "Parameter 'count' of $expand has the value 'abc'");
		calls.put(specialty + "&offset=1.5", "Parameter 'offset' of $expand has the value '1.5'");
		calls.put("/Patient/{id}/$everything?_count=many", "many");
		calls.put("/CodeSystem/$subsumes", "$subsumes needs 'system' with 'codeA' and 'codeB'");
		calls.put("/CodeSystem/$subsumes?codeA=a&codeB=b", "$subsumes needs 'system' with 'codeA' and 'codeB'");
		calls.put("/CodeSystem/$subsumes?system=http://careplan-fhir.org/fhir/CodeSystem/cm-specialty&codeA=nurse-cm",
				"$subsumes needs 'system' with 'codeA' and 'codeB'");
		return calls.entrySet().stream().map(entry -> hostile("GET " + entry.getKey(),
				new Hostile("GET", entry.getKey(), JSON, null, Map.of(), 400, entry.getValue())));
	}

	static Stream<Arguments> patches() {
		return Stream.of(
				hostile("PATCH without an id", new Hostile("PATCH", "/Patient", JSON_PATCH,
						"[{\"op\":\"add\",\"path\":\"/active\",\"value\":true}]".getBytes(StandardCharsets.UTF_8), Map.of(), 400, "PATCH needs")),
				hostile("PATCH with an empty body", new Hostile("PATCH", "/Patient/{id}", JSON_PATCH, new byte[0], Map.of(), 400, "empty")),
				hostile("XML Patch whose selector matches nothing", new Hostile("PATCH", "/Patient/{id}", "application/xml-patch+xml",
						"<diff><add sel=\"/Patient\"><active value=\"true\"/></add></diff>".getBytes(StandardCharsets.UTF_8),
						Map.of(), 400, "XML Patch cannot be applied")),
				hostile("XML Patch with a selector that is not XPath", new Hostile("PATCH", "/Patient/{id}", "application/xml-patch+xml",
						"<diff><replace sel=\"/Patient/bogus((\">x</replace></diff>".getBytes(StandardCharsets.UTF_8),
						Map.of(), 400, "XML Patch cannot be applied")),
				hostile("XML Patch that is not XML", new Hostile("PATCH", "/Patient/{id}", "application/xml-patch+xml",
						"not xml at all".getBytes(StandardCharsets.UTF_8), Map.of(), 400, "well-formed")),
				hostile("PATCH that is not JSON", new Hostile("PATCH", "/Patient/{id}", JSON_PATCH,
						"[{op:add}]".getBytes(StandardCharsets.UTF_8), Map.of(), 400, "not valid JSON")),
				hostile("FHIRPath Patch with an invalid path", new Hostile("PATCH", "/Patient/{id}", JSON,
						("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"operation\",\"part\":[{\"name\":\"type\",\"valueCode\":\"add\"},"
								+ "{\"name\":\"path\",\"valueString\":\"Patient..((\"},{\"name\":\"name\",\"valueString\":\"active\"},"
								+ "{\"name\":\"value\",\"valueBoolean\":true}]}]}").getBytes(StandardCharsets.UTF_8), Map.of(), 400, "Patient..((")));
	}

	static Stream<Arguments> paths() {
		Map<String, String> paths = new LinkedHashMap<>();
		// Refused by Spring Security's firewall.
		for (String path : List.of("/Patient/%2e%2e/Binary", "/Patient/%2E%2E/Binary", "/Patient;jsessionid=x",
				"/Patient/%252e%252e/x")) {
			paths.put(path, "not allowed");
		}
		// Refused by Tomcat itself, before any filter runs.
		for (String path : List.of("/Patient%2F1", "/Patient/1%00", "/Patient/%5C..%5Cx")) {
			paths.put(path, "malformed");
		}
		return Stream.concat(paths.entrySet().stream().map(entry -> hostile("GET " + entry.getKey(),
				new Hostile("GET", entry.getKey(), JSON, null, Map.of(), 400, entry.getValue()))),
				Stream.of(hostile("a 20 KB header", new Hostile("GET", "/Patient", JSON, null,
						Map.of("X-Padding", "x".repeat(20_000)), 400, "too large"))));
	}

	private static String repeated(int count, String item) {
		return String.join(",", java.util.Collections.nCopies(count, item));
	}

	private static byte[] concat(String before, byte[] middle, String after) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
		out.writeBytes(middle);
		out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

	private static byte[] gzip(byte[] data) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
			zip.write(data);
		}
		catch (IOException impossible) {
			throw new UncheckedIOException(impossible);
		}
		return out.toByteArray();
	}

	private static byte[] truncated(byte[] data) {
		return java.util.Arrays.copyOf(data, data.length / 2);
	}

}
