package org.careplanfhir.server.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * HAPI's encoder flushes after every JSON field; the server holds those flushes, so an answer leaves
 * whole when it fits in the container's buffer, and in buffer-sized pieces when it does not. Seen
 * on the wire with a plain HTTP client (which asks for no compression) and with REST Assured (which
 * asks for gzip).
 */
class AnswersSentWholeIntegrationTests extends FhirServerTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aReadThatFitsInTheBufferLeavesWholeWithItsLength() throws Exception {
		String patient = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Whole\"}]}");

		HttpResponse<byte[]> answer = get("/Patient/" + patient);

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Transfer-Encoding")).isEmpty();
		assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(answer.body().length);
		JsonPath read = new JsonPath(new String(answer.body(), StandardCharsets.UTF_8));
		assertThat(read.getString("id")).isEqualTo(patient);
		assertThat(read.getString("name[0].family")).isEqualTo("Whole");
	}

	@Test
	void anAnswerLargerThanTheBufferArrivesCompleteAndTheSameCompressedOrNot() throws Exception {
		String family = unique("Pieces");
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			created.add(create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family
					+ "\",\"given\":[\"Given" + i + "\"]}],\"address\":[{\"line\":[\"" + i
					+ " A street long enough to fill the buffer sooner\"],\"city\":\"Springfield\"}]}"));
		}
		String search = "/Patient?family=" + family + "&_count=100";

		HttpResponse<byte[]> plain = get(search);

		assertThat(plain.statusCode()).isEqualTo(200);
		assertThat(plain.body().length).isGreaterThan(16 * 1024);
		JsonPath bundle = new JsonPath(new String(plain.body(), StandardCharsets.UTF_8));
		assertThat(bundle.getList("entry.resource.id", String.class)).containsExactlyInAnyOrderElementsOf(created);
		fhir().header("Cache-Control", "no-cache").get(search).then().statusCode(200)
			.header("Content-Encoding", equalTo("gzip"))
			.body("total", equalTo(60))
			.body("entry.size()", equalTo(60));
	}

	private HttpResponse<byte[]> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir" + path))
			.header("Authorization", "Bearer " + TestTokens.system(port))
			.header("Accept", FHIR_JSON)
			.header("Cache-Control", "no-cache")
			.GET()
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

}
