package org.careplanfhir.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A population loaded by Bulk Data {@code $import} rather than by REST transactions: the
 * generator's {@code ndjson/<Type>.ndjson} files copied into the server's import folder (which must
 * be on this machine: {@code careplan.bulk-import.folder}), one kick-off naming them all, the status
 * polled every 200 ms until the manifest. Reports resources stored per second from kick-off to
 * manifest, and the lines refused (a conforming population has none).
 *
 * <p>{@code bulk-import <fhir-base> <population-folder> <server-import-folder>}
 */
final class BulkImport {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Duration GIVE_UP = Duration.ofHours(2);

	private BulkImport() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		Path population = Path.of(args[1]).resolve("ndjson");
		Path serverFolder = Path.of(args[2]);
		Result result = importPopulation(HttpClient.newHttpClient(), base, population, serverFolder);
		System.out.printf(Locale.ROOT, "%n| bulk import | resources | refused | seconds | resources/s |%n|---|---|---|---|---|%n"
				+ "| %s | %d | %d | %.1f | %.1f |%n", base, result.stored(), result.refused(), result.seconds(),
				result.resourcesPerSecond());
	}

	record Result(long stored, long refused, double seconds) {

		double resourcesPerSecond() {
			return stored / seconds;
		}

	}

	static Result importPopulation(HttpClient http, String base, Path population, Path serverFolder) throws Exception {
		Path target = Files.createDirectories(serverFolder.resolve("bench-" + System.currentTimeMillis()));
		ObjectNode parameters = JSON.createObjectNode().put("resourceType", "Parameters");
		ArrayNode list = parameters.putArray("parameter");
		list.addObject().put("name", "inputFormat").put("valueCode", "application/fhir+ndjson");
		List<Path> files;
		try (Stream<Path> found = Files.list(population)) {
			files = found.filter(file -> file.toString().endsWith(".ndjson")).sorted().toList();
		}
		for (Path file : files) {
			Path copy = Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			ObjectNode input = list.addObject().put("name", "input");
			ArrayNode parts = input.putArray("part");
			parts.addObject().put("name", "type").put("valueCode", file.getFileName().toString().replace(".ndjson", ""));
			parts.addObject().put("name", "url").put("valueUri", copy.toUri().toString());
		}
		long started = System.nanoTime();
		HttpResponse<String> kickOff = http.send(Requests.to(base + "/$import")
			.header("Prefer", "respond-async")
			.header("Content-Type", "application/fhir+json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(parameters)))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (kickOff.statusCode() != 202) {
			throw new IllegalStateException("$import kick-off answered " + kickOff.statusCode() + ": " + kickOff.body());
		}
		String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
		long deadline = started + GIVE_UP.toNanos();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> poll = http.send(Requests.to(status).GET().build(), HttpResponse.BodyHandlers.ofString());
			if (poll.statusCode() == 200) {
				double seconds = (System.nanoTime() - started) / 1e9;
				JsonNode manifest = JSON.readTree(poll.body());
				long stored = 0;
				long refused = 0;
				for (JsonNode output : manifest.path("output")) {
					stored += output.path("count").asLong();
				}
				List<String> errorFiles = new ArrayList<>();
				for (JsonNode error : manifest.path("error")) {
					refused += error.path("count").asLong();
					errorFiles.add(error.path("url").asText());
				}
				if (!errorFiles.isEmpty()) {
					String first = http.send(Requests.to(errorFiles.get(0)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
					System.err.println("Refused lines, first error file: " + first.lines().limit(3).toList());
				}
				return new Result(stored, refused, seconds);
			}
			if (poll.statusCode() != 202) {
				throw new IllegalStateException("$import status answered " + poll.statusCode() + ": " + poll.body());
			}
			Thread.sleep(POLL.toMillis());
		}
		throw new IllegalStateException("$import did not finish in " + GIVE_UP);
	}

}
