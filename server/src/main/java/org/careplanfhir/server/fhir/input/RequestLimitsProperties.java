package org.careplanfhir.server.fhir.input;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much a single request to the FHIR endpoint may ask of the server. Each limit is checked
 * while the body streams in, before HAPI parses or validates it, so an oversized or hostile body
 * costs the server little more than reading it.
 *
 * @param maxBodySize largest body, counted after a {@code Content-Encoding} is undone
 * @param maxElements most JSON values or XML elements in one body
 * @param maxDepth deepest nesting of JSON objects and arrays, or of XML elements
 * @param maxRepetitions most items in one JSON array, or repeats of one XML element
 * @param maxBundleEntries most entries in a transaction or batch
 * @param maxPatchOperations most operations in one JSON Patch or FHIRPath Patch
 */
@Validated
@ConfigurationProperties("careplan.fhir.limits")
public record RequestLimitsProperties(@DefaultValue("32MB") DataSize maxBodySize,
		@Min(1) @DefaultValue("1000000") int maxElements, @Min(8) @DefaultValue("64") int maxDepth,
		@Min(1) @DefaultValue("50000") int maxRepetitions, @Min(1) @DefaultValue("10000") int maxBundleEntries,
		@Min(1) @DefaultValue("1000") int maxPatchOperations) {
}
