package org.careplanfhir.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

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
		ExamplePackage pkg = ExamplePackage.load();
		InstanceValidator validator = validator(pkg);
		List<Resource> examples = pkg.examples();

		for (int round = 0; round < 20; round++) { // warm-up: JIT, caches, expansions
			for (Resource example : examples) {
				validate(validator, example);
			}
		}
		System.out.printf("| example | errors | median µs | p90 µs |%n|---|---|---|---|%n");
		long[] medians = new long[examples.size()];
		for (int e = 0; e < examples.size(); e++) {
			Resource example = examples.get(e);
			long errors = validate(validator, example).stream()
				.filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR)
				.count();
			long[] micros = new long[iterations];
			for (int i = 0; i < iterations; i++) {
				long start = System.nanoTime();
				validate(validator, example);
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

	private static List<ValidationMessage> validate(InstanceValidator validator, Resource resource) {
		byte[] json = ExamplePackage.FHIR.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
		List<ValidationMessage> messages = new ArrayList<>();
		validator.validate(null, messages, new ByteArrayInputStream(json), FhirFormat.JSON, List.of());
		return messages;
	}

	private static InstanceValidator validator(ExamplePackage pkg) throws Exception {
		PrePopulatedValidationSupport definitions = new PrePopulatedValidationSupport(ExamplePackage.FHIR);
		pkg.definitions().forEach(definitions::addResource);
		ValidationSupportChain chain = new ValidationSupportChain(definitions,
				new DefaultProfileValidationSupport(ExamplePackage.FHIR),
				new InMemoryTerminologyServerValidationSupport(ExamplePackage.FHIR),
				new CommonCodeSystemsTerminologyService(ExamplePackage.FHIR));
		WorkerContextValidationSupportAdapter context = new WorkerContextValidationSupportAdapter(chain);
		InstanceValidator validator = new InstanceValidator(context, new FhirInstanceValidator.NullEvaluationContext(),
				new XVerExtensionManagerOld(context), new ValidatorSession(), new ValidatorSettings());
		validator.setAnyExtensionsAllowed(true);
		validator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		validator.setResourceIdRule(IdStatus.OPTIONAL);
		validator.setErrorForUnknownProfiles(true);
		validator.setUnknownCodeSystemsCauseErrors(false);
		validator.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
		return validator;
	}

}
