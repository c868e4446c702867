pub mod form_check;
pub mod form_view;
pub mod shipped;
