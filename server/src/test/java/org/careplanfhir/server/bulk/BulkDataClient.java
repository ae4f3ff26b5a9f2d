package org.careplanfhir.server.bulk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Bulk Data client driving an export the way {@code bulk-data-client} does: kick-off with the
 * headers the specification asks for, polls at the server's {@code Retry-After}, then downloads every
 * file with its token. It keeps what it was told, for the tests to check.
 */
final class BulkDataClient {

	static final String NDJSON = "application/fhir+ndjson";

	private final String token;

	/** Every Retry-After the server sent while the export ran, in seconds. */
	final List<Long> waits = new ArrayList<>();

	BulkDataClient(String token) {
		this.token = token;
	}

	RequestSpecification request() {
		return given().auth().oauth2(token);
	}

	RequestSpecification kickOffRequest() {
		return request().header("Prefer", "respond-async").accept("application/fhir+json");
	}

	/** A GET kick-off; its status URL. */
	String kickOff(String path, Map<String, String> parameters) {
		return kickOffRequest().queryParams(parameters).get(path).then()
			.statusCode(202)
			.extract()
			.header("Content-Location");
	}

	/** A POST kick-off with a Parameters body; its status URL. */
	String kickOffPost(String path, String parameters) {
		return kickOffRequest().contentType("application/fhir+json").body(parameters).post(path).then()
			.statusCode(202)
			.extract()
			.header("Content-Location");
	}

	/** Polls at the pace the server asks, until the export is done; its manifest. */
	JsonPath finish(String statusUrl) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		while (Instant.now().isBefore(deadline)) {
			Response status = request().accept("application/json").get(statusUrl);
			if (status.statusCode() == 200) {
				assertThat(status.contentType()).startsWith("application/json");
				return status.jsonPath();
			}
			assertThat(status.statusCode()).as(status.asString()).isEqualTo(202);
			assertThat(status.header("X-Progress")).isNotBlank().hasSizeLessThan(100);
			long wait = Long.parseLong(status.header("Retry-After"));
			waits.add(wait);
			sleep(Duration.ofSeconds(wait));
		}
		throw new AssertionError("The export at " + statusUrl + " did not finish in 120 s");
	}

	/** Every line of every file of that type in the manifest. */
	List<String> download(JsonPath manifest, String type) {
		List<String> lines = new ArrayList<>();
		for (Map<String, String> output : manifest.<Map<String, String>>getList("output")) {
			if (output.get("type").equals(type)) {
				Response file = request().accept(NDJSON).get(output.get("url"));
				file.then().statusCode(200);
				assertThat(file.contentType()).startsWith(NDJSON);
				file.asString().lines().filter(line -> !line.isBlank()).forEach(lines::add);
			}
		}
		return lines;
	}

	static List<String> types(JsonPath manifest) {
		return manifest.getList("output.type", String.class);
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new AssertionError(interrupted);
		}
	}

}
