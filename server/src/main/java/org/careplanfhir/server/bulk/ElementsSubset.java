package org.careplanfhir.server.bulk;

import java.util.Set;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeDeclaredChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.careplanfhir.server.web.RequestPipeline;

/**
 * Honours a kick-off's {@code _elements}: each exported resource keeps the top-level elements
 * listed for its type ({@code Patient.name}) or for every type ({@code name}), the elements the
 * base specification makes mandatory, the modifier elements ({@code Patient.active},
 * {@code modifierExtension}: dropping a modifier would change what the rest means), {@code id}
 * and {@code meta}, and is tagged SUBSETTED.
 */
@Interceptor
class ElementsSubset {

	private static final Set<String> ALWAYS_KEPT = Set.of("id", "meta", "modifierExtension");

	private final FhirContext fhirContext;

	ElementsSubset(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	static boolean hasElement(FhirContext fhirContext, String type, String element) {
		return fhirContext.getResourceDefinition(type).getChildren().stream()
			.anyMatch(child -> nameOf(child).equals(element));
	}

	/** Called by the export job for every resource it is about to write. */
	@Hook(value = Pointcut.STORAGE_BULK_EXPORT_RESOURCE_INCLUSION, order = RequestPipeline.RESPONSE_SHAPING)
	public boolean keepListedElements(BulkExportJobParameters export, IBaseResource resource) {
		Object listed = export.getUserData().get(ExportKickOff.ELEMENTS);
		if (listed == null) {
			return true;
		}
		RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(resource);
		Set<String> elements = Set.of(listed.toString().split(","));
		for (BaseRuntimeChildDefinition child : definition.getChildren()) {
			String name = nameOf(child);
			boolean kept = ALWAYS_KEPT.contains(name) || child.getMin() > 0 || isModifier(child)
					|| elements.contains(name) || elements.contains(definition.getName() + "." + name);
			if (!kept && !child.getAccessor().getValues(resource).isEmpty()) {
				child.getMutator().setValue(resource, null);
			}
		}
		if (resource.getMeta().getTag(Constants.TAG_SUBSETTED_SYSTEM_R4, Constants.TAG_SUBSETTED_CODE) == null) {
			resource.getMeta().addTag().setSystem(Constants.TAG_SUBSETTED_SYSTEM_R4).setCode(Constants.TAG_SUBSETTED_CODE)
				.setDisplay("subsetted");
		}
		return true;
	}

	private static boolean isModifier(BaseRuntimeChildDefinition child) {
		return child instanceof BaseRuntimeDeclaredChildDefinition declared && declared.isModifier();
	}

	private static String nameOf(BaseRuntimeChildDefinition child) {
		return child.getElementName().replace("[x]", "");
	}

}
