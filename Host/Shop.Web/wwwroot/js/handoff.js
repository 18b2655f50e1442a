// Submits the payment hand-off form as soon as the page loads (a button stays visible for browsers without script).
document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("payment-handoff");
    if (form) {
        form.submit();
    }
});
