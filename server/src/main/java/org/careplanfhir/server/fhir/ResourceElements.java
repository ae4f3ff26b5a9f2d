package org.careplanfhir.server.fhir;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildDirectResource;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Every element of a resource that holds something, handed to an action: the elements HAPI's
 * terser visits (contained resources and a reference's embedded target included; a resource held
 * directly, as in {@code Bundle.entry.resource}, handed over but not entered), at a fraction of its
 * cost. The checks every write runs need only the elements: this builds no path, and does not ask
 * each element whether it is empty, which the terser does at every level, walking each subtree
 * again once for each element above it.
 */
public final class ResourceElements {

	private final FhirContext fhirContext;

	private final Consumer<IBase> action;

	private Set<IBaseResource> embeddedTargets;

	private ResourceElements(FhirContext fhirContext, Consumer<IBase> action) {
		this.fhirContext = fhirContext;
		this.action = action;
	}

	/** Hands the resource, then each element below it, to the action, parents before children. */
	public static void forEach(FhirContext fhirContext, IBaseResource resource, Consumer<IBase> action) {
		new ResourceElements(fhirContext, action).visit(resource, fhirContext.getResourceDefinition(resource));
	}

	private void visit(IBase element, BaseRuntimeElementDefinition<?> definition) {
		action.accept(element);
		if (element instanceof IBaseReference reference && reference.getResource() != null) {
			visitEmbeddedTarget(reference.getResource());
		}
		BaseRuntimeElementDefinition<?> actual = definition.getChildType() == BaseRuntimeElementDefinition.ChildTypeEnum.CONTAINED_RESOURCE_LIST
				? fhirContext.getElementDefinition(element.getClass()) : definition;
		if (actual instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
			for (BaseRuntimeChildDefinition child : composite.getChildrenAndExtension()) {
				List<? extends IBase> values = child.getAccessor().getValues(element);
				for (int i = 0; i < values.size(); i++) {
					IBase value = values.get(i);
					if (value == null) {
						continue;
					}
					if (child instanceof RuntimeChildDirectResource) {
						action.accept(value);
						continue;
					}
					BaseRuntimeElementDefinition<?> valueDefinition = child.getChildElementDefinitionByDatatype(value.getClass());
					visit(value, valueDefinition != null ? valueDefinition : fhirContext.getElementDefinition(value.getClass()));
				}
			}
		}
	}

	/** A target set on a reference in memory, with no id of its own or a local one, is stored with it. */
	private void visitEmbeddedTarget(IBaseResource target) {
		IIdType id = target.getIdElement();
		if (id.hasIdPart() && !id.isLocal()) {
			return;
		}
		if (embeddedTargets == null) {
			embeddedTargets = Collections.newSetFromMap(new IdentityHashMap<>());
		}
		if (embeddedTargets.add(target)) {
			visit(target, fhirContext.getResourceDefinition(target));
		}
	}

}
