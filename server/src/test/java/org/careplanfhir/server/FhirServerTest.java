package org.careplanfhir.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;

/**
 * Base of the integration tests: the whole server on a free port chosen at random, on its own embedded
 * PostgreSQL in a fresh data folder, with metrics exported as in production, profile validation
 * in its default strict mode, one extra FHIR package ({@link AdditionalTestPackage}) and security on:
 * {@link #fhir()} calls the endpoint with a real backend token ({@link TestTokens}). Every subclass
 * shares one running server (one Spring test context), so tests must not depend on the database
 * being empty.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureObservability
@ActiveProfiles("test")
public abstract class FhirServerTest {

	protected static final String FHIR_JSON = "application/fhir+json";

	/** {@code careplan.fhir.max-included-per-page} of the shared test server. */
	protected static final int INCLUDED_PER_PAGE = 2000;

	private static final Path DATA_DIR = StandaloneServer.newDataDirectory();

	// A port known before start-up: it is part of the public base URL, the tokens' issuer and audience.
	private static final int PORT = StandaloneServer.freePort();

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcTemplate database;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("careplan.data-dir", DATA_DIR::toString);
		registry.add("server.port", () -> PORT);
		// Low enough that a test can pass it with a few thousand resources, above HAPI's silent cap of 1,000.
		registry.add("careplan.fhir.max-included-per-page", () -> INCLUDED_PER_PAGE);
		registry.add("careplan.packages[0]", () -> AdditionalTestPackage.writeTo(DATA_DIR.resolve("packages")).toString());
		registry.add("careplan.bulk-import.folder", () -> importFolder().toString());
	}

	/** The folder whose files {@code $import} may read ({@code careplan.bulk-import.folder}); made when first asked. */
	protected static Path importFolder() {
		Path folder = DATA_DIR.resolve("imports");
		try {
			return java.nio.file.Files.createDirectories(folder);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@BeforeEach
	protected void pointRestAssuredAtServer() {
		RestAssured.port = port;
		RestAssured.basePath = "/fhir";
		RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
	}

	/** A request to the FHIR endpoint as the full-access {@code test-backend} service. */
	protected static RequestSpecification fhir() {
		return given().auth().oauth2(TestTokens.system(RestAssured.port)).contentType(FHIR_JSON).accept(FHIR_JSON);
	}

	/** Creates a resource and returns its logical id. */
	protected static String create(String resourceType, String json) {
		return fhir().body(json).post("/" + resourceType).then().statusCode(201).extract().path("id");
	}

	/** Rows of live (not deleted) resources of a type, read straight from PostgreSQL. */
	protected long storedCount(String resourceType) {
		return database.queryForObject(
				"SELECT count(*) FROM hfj_resource WHERE res_type = ? AND res_deleted_at IS NULL", Long.class,
				resourceType);
	}

	/** Every page of a search, following {@code next} links to the end, as the full-access backend. */
	protected List<JsonPath> walkPages(String first) {
		List<JsonPath> pages = new ArrayList<>();
		JsonPath page = fhir().get(first).then().statusCode(200).extract().jsonPath();
		pages.add(page);
		String next;
		while ((next = link(page, "next")) != null) {
			// The link is a URL as the server wrote it: already encoded.
			page = given().urlEncodingEnabled(false).auth().oauth2(TestTokens.system(port)).accept(FHIR_JSON).get(next).then()
				.statusCode(200).extract().jsonPath();
			pages.add(page);
		}
		return pages;
	}

	/** The URL of a Bundle's link with this relation, or null. */
	protected static String link(JsonPath bundle, String relation) {
		return bundle.<Map<String, String>>getList("link").stream().filter(link -> link.get("relation").equals(relation))
			.map(link -> link.get("url")).findFirst().orElse(null);
	}

	/** A value unique to one test run, for identifiers and names that searches must find once. */
	protected static String unique(String prefix) {
		return prefix + "-" + Long.toString(System.nanoTime(), 36);
	}

}
