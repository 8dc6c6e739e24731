// Progressive enhancement for the state → district selects: without JavaScript the
// "Show districts" button reloads the form; with it, districts load as soon as a state is chosen.
(function () {
  document.documentElement.classList.add('js');
  var state = document.getElementById('state_code');
  var district = document.getElementById('district_id');
  if (!state || !district) return;
  var placeholder = district.options[0] ? district.options[0].text : '';

  state.addEventListener('change', function () {
    var code = state.value;
    district.length = 1;
    if (!code) return;
    fetch('/districts.json?state=' + encodeURIComponent(code), { headers: { Accept: 'application/json' } })
      .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
      .then(function (list) {
        district.length = 0;
        district.add(new Option(placeholder, ''));
        list.forEach(function (d) { district.add(new Option(d.name, String(d.id))); });
        var hint = document.getElementById('district_id-hint');
        if (hint) hint.hidden = true;
      })
      .catch(function () {
        // Fall back to the server round trip.
        document.documentElement.classList.remove('js');
      });
  });
})();
