package org.careplanfhir.bench;

import java.util.Arrays;
import java.util.List;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.executor.InterceptorService;
import ca.uhn.fhir.rest.server.interceptor.validation.ValidationMessageUnknownCodeSystemPostProcessingInterceptor;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Resource;

/**
 * What profile validation costs per resource once caches are warm: each example of the package is
 * validated against its profiles by a validator configured as the server's (one cached support
 * chain, snapshots from the package, unloaded code systems as warnings), many times over.
 */
final class ValidationCost {

	private ValidationCost() {
	}

	static void run(String[] args) throws Exception {
		int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
		ExamplePackage pkg = ExamplePackage.load();
		FhirValidator validator = validator(pkg);
		List<Resource> examples = pkg.examples();

		for (int round = 0; round < 3; round++) { // warm-up: JIT, caches, expansions
			for (Resource example : examples) {
				validator.validateWithResult(example);
			}
		}
		System.out.printf("| example | errors | median µs | p90 µs |%n|---|---|---|---|%n");
		long[] medians = new long[examples.size()];
		for (int e = 0; e < examples.size(); e++) {
			Resource example = examples.get(e);
			long errors = validator.validateWithResult(example)
				.getMessages()
				.stream()
				.filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR)
				.count();
			long[] micros = new long[iterations];
			for (int i = 0; i < iterations; i++) {
				long start = System.nanoTime();
				validator.validateWithResult(example);
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

	private static FhirValidator validator(ExamplePackage pkg) throws Exception {
		PrePopulatedValidationSupport definitions = new PrePopulatedValidationSupport(ExamplePackage.FHIR);
		pkg.definitions().forEach(definitions::addResource);
		ValidationSupportChain chain = new ValidationSupportChain(definitions,
				new DefaultProfileValidationSupport(ExamplePackage.FHIR),
				new InMemoryTerminologyServerValidationSupport(ExamplePackage.FHIR),
				new CommonCodeSystemsTerminologyService(ExamplePackage.FHIR));
		FhirValidator validator = ExamplePackage.FHIR.newValidator();
		validator.registerValidatorModule(new FhirInstanceValidator(chain));
		InterceptorService postProcessing = new InterceptorService();
		postProcessing.registerInterceptor(
				new ValidationMessageUnknownCodeSystemPostProcessingInterceptor(IValidationSupport.IssueSeverity.WARNING));
		validator.setInterceptorBroadcaster(postProcessing);
		return validator;
	}

}
