package org.careplanfhir.server;

import java.nio.file.Files;
import java.nio.file.Path;

import org.careplanfhir.bench.Bench;
import org.careplanfhir.bench.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny run of every benchmark scenario against the test server: a few patients, a few seconds
 * each. It keeps the benchmark working as the server changes, and every scenario must report its
 * figures with nothing refused or failed.
 */
@ExtendWith(OutputCaptureExtension.class)
class BenchScenariosIntegrationTests extends FhirServerTest {

	private static final String FIGURES_ROW = "\\| http://localhost:\\d+/fhir \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| 0 \\|";

	@TempDir
	Path population;

	@Test
	void everyScenarioRunsAgainstTheServerAndReportsItsFigures(CapturedOutput output) throws Exception {
		String base = "http://localhost:" + port + "/fhir";
		System.setProperty(Requests.TOKEN_PROPERTY, TestTokens.system(port));

		Bench.run("generate", population.resolve("population").toString(), "4", "7");
		// The standard suite, comparing the server with itself: ingest, read mixes, app mix, bulk export, writes.
		Bench.run("suite", base, population.toString(), "4", "2", "2", "test-admin:staple-horse-admin-pass", base);
		Bench.run("terminology", base, "300", "20");
		Bench.run("load-examples", base);
		Bench.run("includes", base, "30", "1", base);
		Bench.run("date-searches", base, "2");
		Bench.run("subscriptions", base, "6", "1", "2");
		// The scenarios above may outlast a 5-minute backend token: a fresh one, as a long bench run would take.
		System.setProperty(Requests.TOKEN_PROPERTY, TestTokens.system(port));
		Bench.run("measures", base, "40", "3", "2");
		// The population again, by $import: its lines exist already, so they are stored as updates that change nothing.
		Bench.run("bulk-import", base, population.resolve("population").toString(), importFolder().toString());

		assertThat(output.getOut()).contains("Wrote 4 patients")
			.containsPattern("Loaded 4 patients \\(\\d+ resources\\) into " + base + " with 2 clients in [\\d.]+ s: [\\d.]+ resources/s, 0 failed")
			.containsPattern("\\| ehr mix, 2 clients")
			.containsPattern("\\| insurer mix, 2 clients, [\\d.]+ s \\| requests/s \\(each alone\\)")
			.containsPattern("\\| ehr-fresh mix, 2 clients")
			.containsPattern("\\| insurer-fresh mix, 2 clients")
			.containsPattern("\\| app mix, 2 clients")
			.containsPattern(FIGURES_ROW)
			.containsPattern("first ÷ second \\| [\\d.]+×")
			.containsPattern("\\| bulk export, median of 3 \\| polling \\| resources \\| files \\| MB \\| prepare s \\| first file s")
			.containsPattern("\\| " + base + " \\| every 200 ms \\| [1-9]\\d* \\| [1-9]\\d* \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\|")
			.containsPattern("\\| " + base + " \\| at Retry-After \\| [1-9]\\d* \\| [1-9]\\d* \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\|")
			.containsPattern("ratio \\(first / second\\): resources/s [\\d.]+×")
			.containsPattern("[\\d.]+ resources/s, [\\d.]+ transactions/s, 0 failed; latency p50 \\d+ ms")
			.containsPattern("\\$expand filter +p50 [\\d.]+ ms, p99 [\\d.]+ ms")
			.containsPattern("\\$validate-code +p50 [\\d.]+ ms")
			.contains("Stored 46 example resources")
			.containsPattern("\\| `ServiceRequest\\?authored=ge2024&authored=le2024` \\| " + base + " \\| \\d+ \\| [\\d.]+ \\| [\\d.]+ \\|")
			.containsPattern("\\| `Patient\\?_id=P&_revinclude=Observation:subject` \\| " + base + " \\| engine \\(no-cache\\) \\| \\d+ \\| 1 \\| 31 \\|")
			.containsPattern(base + ": 6 subscriptions \\(4 unfiltered\\), 1 clients, 2 s per phase")
			.containsPattern("cm-referral-volume over 40 referrals stored \\(\\d+ counted in the period\\), 3 requests one at a time:"
					+ " p50 [\\d.]+ ms, p95 [\\d.]+ ms, p99 [\\d.]+ ms")
			.containsPattern("cm-referral-time-to-service over 40 referrals stored")
			.containsPattern("writes without subscriptions [\\d.]+ resources/s \\[[\\d., ]+\\], with [\\d.]+ resources/s \\[[\\d., ]+\\]: [\\d.]+ %")
			.containsPattern("\\| " + base + " \\| [1-9]\\d* \\| 0 \\| [\\d.]+ \\| [\\d.]+ \\|")
			.containsPattern("[1-9]\\d* events heard in [1-9]\\d* notifications, 0 never arrived; latency commit to receiver p50 \\d+ ms");
		assertThat(storedCount("EpisodeOfCare")).isGreaterThanOrEqualTo(4);
		String results = Files.readString(population.resolve("results.json"));
		assertThat(results).contains("\"patients\": \"4\"")
			.containsPattern("\\{\"scenario\": \"load, 2 clients\", \"server\": \"" + base + "\", \"resources_per_s\": [\\d.]+")
			.containsPattern("\"scenario\": \"ehr mix, 2 clients\", \"server\": \"" + base + "\", \"requests_per_s\": [\\d.]+, \"p50_ms\"")
			.contains("\"scenario\": \"insurer mix, 2 clients\"", "\"scenario\": \"ehr-fresh mix, 2 clients\"",
					"\"scenario\": \"insurer-fresh mix, 2 clients\"", "\"scenario\": \"app mix, 2 clients\"",
					"\"scenario\": \"write-throughput, 2 clients\"",
					"\"scenario\": \"bulk export (system level, polled every 200 ms, median of 3)\"",
					"\"scenario\": \"bulk export (system level, polled at Retry-After, median of 3)\"")
			.doesNotContainPattern("\"failed\": [1-9]");
		assertThat(Files.readString(population.resolve("results.md"))).startsWith("| scenario | server | measures |")
			.contains("| app mix, 2 clients | " + base + " | requests_per_s ");
	}

}
