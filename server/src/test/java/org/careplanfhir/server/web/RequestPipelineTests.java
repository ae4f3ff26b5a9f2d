package org.careplanfhir.server.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of our filters and hooks is named in {@link RequestPipeline} and nowhere else: every
 * {@code @Hook}, request-path {@code @Order} and filter registration in the main sources names its
 * place there. Read from the sources, since an order is a number once compiled.
 */
class RequestPipelineTests {

	private static final Path SOURCES = Path.of("src/main/java");

	/** Orders that are not about requests: start-up steps and the order of HAPI's providers. */
	private static final List<String> NOT_REQUEST_ORDERS = List.of("IHapiBootOrder.", "Ordered.HIGHEST_PRECEDENCE)\nclass JpaProviders");

	private static final Pattern ORDERED = Pattern.compile("@Hook\\([^)]*\\)|@Order\\([^)]*\\)|\\.setOrder\\([^)]*\\)");

	@Test
	void everyHookFilterAndChainOfOursNamesItsPlaceInThePipeline() throws IOException {
		List<String> unnamed = new ArrayList<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				Matcher ordered = ORDERED.matcher(source);
				while (ordered.find()) {
					String declaration = ordered.group();
					String context = source.substring(ordered.start(), Math.min(source.length(), ordered.end() + 20));
					boolean exempt = NOT_REQUEST_ORDERS.stream().anyMatch(context::contains)
							|| NOT_REQUEST_ORDERS.stream().anyMatch(declaration::contains);
					if (!declaration.contains("RequestPipeline.") && !exempt) {
						unnamed.add(SOURCES.relativize(file) + ": " + declaration);
					}
				}
			}
		}
		assertThat(unnamed).as("orders not taken from RequestPipeline").isEmpty();
	}

	@Test
	void thePipelineRunsInTheDocumentedOrder() {
		assertThat(List.of(RequestPipeline.REQUEST_LOG, RequestPipeline.READY_BEFORE_SERVING, RequestPipeline.DATABASE_OUTAGE, RequestPipeline.AUTHENTICATE,
				RequestPipeline.BODY_CHECK, RequestPipeline.READ_CACHE, RequestPipeline.OWN_ANSWERS, RequestPipeline.ANSWER_BUFFERING)).isSorted();
		assertThat(List.of(RequestPipeline.REQUEST_SHAPE, RequestPipeline.SCOPE_GATE, RequestPipeline.CAPABILITY_GUARDS,
				RequestPipeline.VALIDATION, RequestPipeline.COMPARTMENT_CHECKS, RequestPipeline.REFERENCE_CHECKS,
				RequestPipeline.BOOKKEEPING)).isSorted().doesNotContain(0);
	}

}
