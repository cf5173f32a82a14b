// The ordinary page's own script: builds its sowing table, as a page's script would.
const rows = [['Runner beans', 'May', 'July to October'], ['Carrots', 'April', 'July'], ['Leeks', 'March', 'November'],
  ['Lettuce', 'March to August', 'May to October'], ['Onions', 'March', 'August'], ['Peas', 'April', 'June to August']];
const body = document.querySelector('#sowing tbody');
for (const row of rows) {
  const tr = document.createElement('tr');
  for (const cell of row) tr.append(Object.assign(document.createElement('td'), { textContent: cell }));
  body.append(tr);
}
