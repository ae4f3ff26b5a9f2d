package org.careplanfhir.bench;

import java.util.Arrays;
import java.util.List;

import org.careplanfhir.profiles.CaseManagementPackage;
import org.careplanfhir.profiles.validation.OfflineValidator;
import org.hl7.fhir.r4.model.Resource;

/**
 * What profile validation costs per resource once caches are warm: each example of the package is
 * validated against its profiles many times over, the way the server validates writes (one
 * reused core validator over a cached support chain holding the package's snapshots; unloaded code
 * systems are warnings, value-set membership errors). The chain here is in memory, where the
 * server's reads the same definitions from PostgreSQL once and then from its caches.
 */
final class ValidationCost {

	private ValidationCost() {
	}

	static void run(String[] args) throws Exception {
		int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
		OfflineValidator validator = new OfflineValidator();
		List<Resource> examples = CaseManagementPackage.get().examples();

		for (int round = 0; round < 20; round++) { // warm-up: JIT, caches, expansions
			for (Resource example : examples) {
				validator.validate(example);
			}
		}
		System.out.printf("| example | errors | median µs | p90 µs |%n|---|---|---|---|%n");
		long[] medians = new long[examples.size()];
		for (int e = 0; e < examples.size(); e++) {
			Resource example = examples.get(e);
			long errors = validator.errors(example).size();
			long[] micros = new long[iterations];
			for (int i = 0; i < iterations; i++) {
				long start = System.nanoTime();
				validator.validate(example);
				micros[i] = (System.nanoTime() - start) / 1_000;
			}
			Arrays.sort(micros);
			medians[e] = micros[iterations / 2];
			System.out.printf("| %s/%s | %d | %d | %d |%n", example.fhirType(), example.getIdElement().getIdPart(),
					errors, medians[e], micros[iterations * 9 / 10]);
		}
		Arrays.sort(medians);
		System.out.printf("%n%d examples, %d iterations each: median of the medians %d µs, largest median %d µs%n",
				examples.size(), iterations, medians[medians.length / 2], medians[medians.length - 1]);
	}

}
