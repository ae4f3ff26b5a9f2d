package org.careplanfhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.storage.StorageSettingsCustomizer;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A page never holds part of what {@code _include} and {@code _revinclude} name. HAPI stops loading
 * included resources at a fixed number per page and says nothing, so a patient with 5,000
 * observations would come back with 1,000 of them. Here HAPI may load one more than
 * {@code careplan.fhir.max-included-per-page}; a page that reaches that one more is refused with 422
 * {@code too-costly}, which says how to ask instead. {@code _count} counts matches only, as the
 * specification says; the included resources of a page's matches all come with that page.
 */
@Component
@Interceptor
class IncludedResourcesLimit implements FhirServerCustomizer, StorageSettingsCustomizer {

	private final int limit;

	private final FhirContext fhirContext;

	IncludedResourcesLimit(FhirServerProperties properties, FhirContext fhirContext) {
		this.limit = properties.maxIncludedPerPage();
		this.fhirContext = fhirContext;
	}

	@Override
	public void customize(JpaStorageSettings settings) {
		settings.setMaximumIncludesToLoadPerPage(limit + 1);
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = RequestPipeline.REQUEST_SHAPE)
	public void refuseIncomplete(IPreResourceShowDetails page) {
		int included = 0;
		for (IBaseResource resource : page) {
			if (resource != null && ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.get(resource) == BundleEntrySearchModeEnum.INCLUDE) {
				included++;
			}
		}
		if (included > limit) {
			throw new UnprocessableEntityException(fhirContext, OperationOutcomeResponses.error(IssueType.TOOCOSTLY,
					"The resources named by _include and _revinclude for this page number more than " + limit
							+ ", the most one page holds. Ask for fewer matches per page with a smaller _count,"
							+ " or search the included type directly (for example Observation?subject=Patient/123)."));
		}
	}

}
