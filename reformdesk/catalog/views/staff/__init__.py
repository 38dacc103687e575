"""Staff pages of the procedure catalog: fields, procedures, versions, sub-cases, channels,
papers, steps and publication. Any staff member reads; reform officers and administrators write,
always through ``catalog.services``."""
