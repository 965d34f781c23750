// Sortable index tables (see tables.css).
