package org.careplanfhir.server.conformance.compiled;

import java.util.List;

import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * A StructureDefinition's snapshot as a tree of {@link ElementNode}s.
 *
 * @param source the definition it was compiled from, to notice when the server holds a newer one
 * @param extensionContexts for an extension, the element paths or types it may be used on; empty
 * for anything else
 */
record CompiledStructure(String url, String type, ElementNode root, StructureDefinition source,
		List<String> extensionContexts) {
}
