package org.careplanfhir.server.bulk;

import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters.ExportStyle;

/** Where an export was asked: of everything, of every patient, of one patient, or of a group's members. */
enum ExportLevel {

	SYSTEM(ExportStyle.SYSTEM, "system"), ALL_PATIENTS(ExportStyle.PATIENT, "Patient/$export"),
	ONE_PATIENT(ExportStyle.PATIENT, "one patient's"), GROUP(ExportStyle.GROUP, "group");

	private final ExportStyle style;

	private final String description;

	ExportLevel(ExportStyle style, String description) {
		this.style = style;
		this.description = description;
	}

	ExportStyle style() {
		return style;
	}

	boolean ofPatients() {
		return this != SYSTEM;
	}

	/** How an answer names it: "a group export", "a Patient/$export export". */
	@Override
	public String toString() {
		return description;
	}

}
